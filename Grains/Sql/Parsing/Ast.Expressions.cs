namespace OrleansDb.Sql.Parsing;

/// <summary>An expression as written. <see cref="Offset"/> is the 0-based position of its first token.</summary>
public abstract record Expr(int Offset);

public enum LiteralKind : byte { Null, Boolean, Integer, Decimal, String }

/// <summary>A literal; numbers keep their source text so the binder can type them as PostgreSQL does.</summary>
public sealed record LiteralExpr(LiteralKind Kind, string Text, int Offset) : Expr(Offset);

/// <summary>A column reference, optionally qualified: <c>col</c>, <c>t.col</c>, <c>s.t.col</c>.</summary>
public sealed record ColumnRefExpr(IReadOnlyList<string> Parts, int Offset) : Expr(Offset)
{
    public string Column => Parts[^1];

    public string? Qualifier => Parts.Count > 1 ? Parts[^2] : null;

    public override string ToString() => string.Join('.', Parts);
}

/// <summary><c>*</c> or <c>t.*</c> in a select list or COUNT(*).</summary>
public sealed record StarExpr(string? Qualifier, int Offset) : Expr(Offset);

public sealed record ParameterExpr(int Index, int Offset) : Expr(Offset);

public sealed record UnaryExpr(string Op, Expr Operand, int Offset) : Expr(Offset);

public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Offset) : Expr(Offset);

/// <summary><c>x IS [NOT] NULL</c>, <c>x IS [NOT] TRUE/FALSE/UNKNOWN</c>.</summary>
public sealed record IsExpr(Expr Operand, string What, bool Negated, int Offset) : Expr(Offset);

/// <summary><c>x IS [NOT] DISTINCT FROM y</c>.</summary>
public sealed record IsDistinctExpr(Expr Left, Expr Right, bool Negated, int Offset) : Expr(Offset);

public sealed record BetweenExpr(Expr Operand, Expr Low, Expr High, bool Negated, bool Symmetric, int Offset) : Expr(Offset);

public sealed record InListExpr(Expr Operand, IReadOnlyList<Expr> Items, bool Negated, int Offset) : Expr(Offset);

public sealed record InSubqueryExpr(Expr Operand, QueryExpr Query, bool Negated, int Offset) : Expr(Offset);

public sealed record LikeExpr(Expr Operand, Expr Pattern, Expr? Escape, bool CaseInsensitive, bool Negated, int Offset) : Expr(Offset);

public sealed record ExistsExpr(QueryExpr Query, int Offset) : Expr(Offset);

public sealed record SubqueryExpr(QueryExpr Query, int Offset) : Expr(Offset);

/// <summary><c>x op ANY|ALL (subquery)</c>.</summary>
public sealed record QuantifiedExpr(string Op, Expr Left, bool All, QueryExpr Query, int Offset) : Expr(Offset);

public sealed record CaseWhen(Expr When, Expr Then);

/// <summary>Both forms: <c>CASE x WHEN v THEN ...</c> (Operand set) and <c>CASE WHEN cond THEN ...</c>.</summary>
public sealed record CaseExpr(Expr? Operand, IReadOnlyList<CaseWhen> Whens, Expr? Else, int Offset) : Expr(Offset);

public sealed record CastExpr(Expr Operand, TypeName Type, int Offset) : Expr(Offset);

/// <summary>A function or aggregate call. <c>Star</c> marks COUNT(*).</summary>
public sealed record FunctionCallExpr(string Name, IReadOnlyList<Expr> Args, bool Distinct, bool Star, int Offset) : Expr(Offset);

/// <summary>A type as written: its name words and modifiers, e.g. <c>varchar(10)</c>, <c>double precision</c>.</summary>
public sealed record TypeName(string Name, IReadOnlyList<int> Modifiers, int Offset)
{
    public override string ToString() => Modifiers.Count == 0 ? Name : $"{Name}({string.Join(',', Modifiers)})";
}

/// <summary>The DEFAULT keyword in an INSERT's VALUES row.</summary>
public sealed record DefaultExpr(int Offset) : Expr(Offset);
