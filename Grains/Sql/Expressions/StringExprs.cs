using System.Text;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary><c>a || b</c>: text concatenation; NULL on either side gives NULL.</summary>
public sealed class ConcatExpr(BoundExpr left, BoundExpr right) : BoundExpr(SqlType.Text)
{
    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new ConcatExpr(children[0], children[1]);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var a = Left.Evaluate(row, context);
        if (a.IsNull) return a;
        var b = Right.Evaluate(row, context);
        if (b.IsNull) return b;
        return Value.FromText(Casts.ToText(a) + Casts.ToText(b));
    }

    public override string ToString() => $"({Left} || {Right})";
}

/// <summary><c>x [NOT] LIKE|ILIKE pattern</c> with % and _ wildcards and a backslash escape.</summary>
public sealed class LikeExpr(BoundExpr operand, BoundExpr pattern, bool caseInsensitive, bool negated) : BoundExpr(SqlType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public BoundExpr Pattern { get; } = pattern;

    public bool CaseInsensitive { get; } = caseInsensitive;

    public bool Negated { get; } = negated;

    public override IReadOnlyList<BoundExpr> Children => [Operand, Pattern];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new LikeExpr(children[0], children[1], CaseInsensitive, Negated);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var v = Operand.Evaluate(row, context);
        if (v.IsNull) return v;
        var p = Pattern.Evaluate(row, context);
        if (p.IsNull) return p;
        string s = v.AsText, pattern = p.AsText;
        if (CaseInsensitive)
        {
            s = s.ToLowerInvariant();
            pattern = pattern.ToLowerInvariant();
        }
        return Value.FromBoolean(Matches(s, 0, pattern, 0) != Negated);
    }

    /// <summary>Backtracking LIKE matcher; % matches any run, _ one character, \ escapes the next.</summary>
    public static bool Matches(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            if (c == '%')
            {
                while (pi < p.Length && p[pi] == '%') pi++;
                if (pi == p.Length) return true;
                for (int k = si; k <= s.Length; k++)
                {
                    if (Matches(s, k, p, pi)) return true;
                }
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '_')
            {
                si++;
                pi++;
                continue;
            }
            if (c == '\\')
            {
                if (pi + 1 >= p.Length) throw new SqlException("22025", "LIKE pattern must not end with escape character");
                pi++;
                c = p[pi];
            }
            if (s[si] != c) return false;
            si++;
            pi++;
        }
        return si == s.Length;
    }

    public override string ToString() => $"({Operand} {(Negated ? "NOT " : "")}{(CaseInsensitive ? "ILIKE" : "LIKE")} {Pattern})";
}

/// <summary>A call of a built-in scalar function, strict unless the function says otherwise.</summary>
public sealed class FunctionExpr(ScalarFunction function, IReadOnlyList<BoundExpr> args, SqlType type) : BoundExpr(type)
{
    public ScalarFunction Function { get; } = function;

    public IReadOnlyList<BoundExpr> Args { get; } = args;

    public override IReadOnlyList<BoundExpr> Children => Args;

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new FunctionExpr(Function, children, Type);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var values = new Value[Args.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Args[i].Evaluate(row, context);
            if (values[i].IsNull && Function.Strict) return Value.Null;
        }
        return Function.Invoke(values, Type);
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Function.Name).Append('(');
        sb.AppendJoin(", ", Args);
        return sb.Append(')').ToString();
    }
}
