using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

public enum SubqueryKind : byte { Scalar, Exists, In, Any, All }

/// <summary>
/// A subquery used as a value: scalar <c>(SELECT ...)</c>, <c>EXISTS</c>, <c>x IN (SELECT ...)</c> or
/// <c>x op ANY|ALL (SELECT ...)</c>. <see cref="Query"/> is the bound query (a logical plan, kept as an
/// object so this layer does not depend on binding). The planner moves every subquery into an apply
/// operator, which evaluates it per row (once, when it is not correlated) and leaves a column in its
/// place; nothing evaluates this node directly.
/// </summary>
public sealed class SubqueryExpr(SubqueryKind kind, object query, BoundExpr? left, CompareOp op, bool correlated, SqlType type) : BoundExpr(type)
{
    public SubqueryKind Kind { get; } = kind;

    public object Query { get; } = query;

    /// <summary>The left operand of IN / ANY / ALL, over the outer row.</summary>
    public BoundExpr? Left { get; } = left;

    public CompareOp Op { get; } = op;

    /// <summary>True when the subquery refers to columns of the query it is in.</summary>
    public bool Correlated { get; } = correlated;

    public override IReadOnlyList<BoundExpr> Children => Left is null ? [] : [Left];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) =>
        new SubqueryExpr(Kind, Query, children.Count == 0 ? null : children[0], Op, Correlated, Type);

    public override Value Evaluate(Value[] row, EvalContext context) =>
        throw new InvalidOperationException("a subquery is evaluated by the apply operator");

    public override string ToString() => Kind switch
    {
        SubqueryKind.Scalar => "(subquery)",
        SubqueryKind.Exists => "EXISTS (subquery)",
        SubqueryKind.In => $"({Left} IN (subquery))",
        _ => $"({Left} {CompareExpr.Symbol(Op)} {Kind.ToString().ToUpperInvariant()} (subquery))",
    };

    public override bool IsAsync => true;
}

/// <summary>Finds the expressions that read the database while they are evaluated (subqueries, sequences).</summary>
public static class AsyncExpr
{
    /// <summary>True when <paramref name="expr"/> contains such an expression anywhere: it is evaluated with <c>SubqueryEvaluator</c>, never in an atom.</summary>
    public static bool Within(BoundExpr expr) => expr.IsAsync || expr.Children.Any(Within);
}
