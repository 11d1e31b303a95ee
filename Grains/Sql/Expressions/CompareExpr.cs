using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

public enum CompareOp : byte { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary>A comparison of two values of comparable types; NULL on either side gives NULL.</summary>
public sealed class CompareExpr(CompareOp op, BoundExpr left, BoundExpr right) : BoundExpr(SqlType.Boolean)
{
    public CompareOp Op { get; } = op;

    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new CompareExpr(Op, children[0], children[1]);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var a = Left.Evaluate(row, context);
        if (a.IsNull) return Value.Null;
        var b = Right.Evaluate(row, context);
        if (b.IsNull) return Value.Null;
        return Value.FromBoolean(Test(Op, Value.Compare(a, b)));
    }

    public static bool Test(CompareOp op, int c) => op switch
    {
        CompareOp.Equal => c == 0,
        CompareOp.NotEqual => c != 0,
        CompareOp.Less => c < 0,
        CompareOp.LessOrEqual => c <= 0,
        CompareOp.Greater => c > 0,
        _ => c >= 0,
    };

    public static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Equal => "=",
        CompareOp.NotEqual => "<>",
        CompareOp.Less => "<",
        CompareOp.LessOrEqual => "<=",
        CompareOp.Greater => ">",
        _ => ">=",
    };

    /// <summary>The operator with its operands swapped: a &lt; b is b &gt; a.</summary>
    public static CompareOp Commute(CompareOp op) => op switch
    {
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        _ => op,
    };

    public override string ToString() => $"({Left} {Symbol(Op)} {Right})";
}
