namespace OrleansDb.Sql.Parsing;

/// <summary>A query: a SELECT block, VALUES, or a set operation, with its ORDER BY / LIMIT.</summary>
public abstract record QueryExpr(int Offset)
{
    public IReadOnlyList<OrderItem> OrderBy { get; init; } = [];
    public Expr? Limit { get; init; }
    public Expr? OffsetCount { get; init; }
    public IReadOnlyList<CommonTableExpr> With { get; init; } = [];
}

public sealed record SelectItem(Expr Expr, string? Alias, int Offset);

public sealed record OrderItem(Expr Expr, bool Descending, bool? NullsFirst, int Offset);

public sealed record CommonTableExpr(string Name, IReadOnlyList<string>? Columns, QueryExpr Query, int Offset);

public sealed record SelectQuery(
    bool Distinct,
    IReadOnlyList<SelectItem> Items,
    IReadOnlyList<FromItem> From,
    Expr? Where,
    IReadOnlyList<Expr> GroupBy,
    Expr? Having,
    int Offset) : QueryExpr(Offset);

public sealed record ValuesQuery(IReadOnlyList<IReadOnlyList<Expr>> Rows, int Offset) : QueryExpr(Offset);

public enum SetOperator : byte { Union, Intersect, Except }

public sealed record SetOperationQuery(SetOperator Op, bool All, QueryExpr Left, QueryExpr Right, int Offset) : QueryExpr(Offset);

/// <summary>An item of the FROM clause.</summary>
public abstract record FromItem(int Offset);

public sealed record TableRef(ObjectName Name, string? Alias, IReadOnlyList<string>? ColumnAliases, int Offset) : FromItem(Offset);

public sealed record SubqueryRef(QueryExpr Query, string Alias, IReadOnlyList<string>? ColumnAliases, int Offset) : FromItem(Offset);

public enum JoinKind : byte { Inner, Left, Right, Full, Cross }

public sealed record JoinRef(JoinKind Kind, FromItem Left, FromItem Right, Expr? On, IReadOnlyList<string>? Using, bool Natural, int Offset) : FromItem(Offset);
