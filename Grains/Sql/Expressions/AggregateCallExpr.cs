using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

public enum AggregateKind : byte { CountStar, Count, Sum, Avg, Min, Max }

/// <summary>
/// An aggregate call as the binder first sees it, over the aggregate's input row. The binder replaces
/// it with a column of the aggregate's output before anything evaluates it.
/// </summary>
public sealed class AggregateCallExpr(AggregateKind kind, BoundExpr? argument, bool distinct, SqlType type) : BoundExpr(type)
{
    public AggregateKind Kind { get; } = kind;

    public BoundExpr? Argument { get; } = argument;

    public bool Distinct { get; } = distinct;

    public override IReadOnlyList<BoundExpr> Children => Argument is null ? [] : [Argument];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) =>
        new AggregateCallExpr(Kind, children.Count == 0 ? null : children[0], Distinct, Type);

    public override Value Evaluate(Value[] row, EvalContext context) =>
        throw new InvalidOperationException("an aggregate call is evaluated by the aggregate operator");

    public override string ToString() => Kind switch
    {
        AggregateKind.CountStar => "count(*)",
        _ => $"{Kind.ToString().ToLowerInvariant()}({(Distinct ? "DISTINCT " : "")}{Argument})",
    };
}
