using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Expressions;

public enum SequenceFunction : byte { NextValue, CurrentValue, SetValue }

/// <summary>
/// nextval / currval / setval of a sequence. They read or change the sequence while they are evaluated,
/// so the asynchronous evaluator replaces them by their values; nothing evaluates this node directly.
/// For setval, <see cref="Arguments"/> are the new value and, optionally, is_called.
/// </summary>
public sealed class SequenceExpr(SequenceFunction function, SequenceSchema sequence, IReadOnlyList<BoundExpr> arguments) : BoundExpr(SqlType.BigInt)
{
    public SequenceFunction Function { get; } = function;

    public SequenceSchema Sequence { get; } = sequence;

    public IReadOnlyList<BoundExpr> Arguments { get; } = arguments;

    public override bool IsAsync => true;

    public override IReadOnlyList<BoundExpr> Children => Arguments;

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new SequenceExpr(Function, Sequence, children);

    public override Value Evaluate(Value[] row, EvalContext context) =>
        throw new InvalidOperationException("a sequence function is evaluated by the asynchronous evaluator");

    public override string ToString() => Function switch
    {
        SequenceFunction.NextValue => $"nextval('{Sequence.Name}')",
        SequenceFunction.CurrentValue => $"currval('{Sequence.Name}')",
        _ => $"setval('{Sequence.Name}', {string.Join(", ", Arguments)})",
    };
}
