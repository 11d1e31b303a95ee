using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Evaluates expressions that contain subqueries. Expression evaluation is synchronous and subqueries
/// read atoms, so for each row every subquery in the expression is run first (an uncorrelated one once
/// per statement) and replaced by its result; then the expression is evaluated as usual.
/// </summary>
public static class SubqueryEvaluator
{
    public static async ValueTask<Value> EvaluateAsync(BoundExpr expr, Value[] row, ExecutionContext context)
    {
        if (!AsyncExpr.Within(expr)) return expr.Evaluate(row, context.Eval);
        var resolved = await ResolveAsync(expr, row, context);
        return resolved.Evaluate(row, context.Eval);
    }

    public static async ValueTask<bool> IsTrueAsync(BoundExpr expr, Value[] row, ExecutionContext context)
    {
        var v = await EvaluateAsync(expr, row, context);
        return v.Kind == ValueKind.Boolean && v.AsBoolean;
    }

    /// <summary>The expression with every subquery replaced by its value for <paramref name="row"/>.</summary>
    private static async ValueTask<BoundExpr> ResolveAsync(BoundExpr expr, Value[] row, ExecutionContext context)
    {
        if (expr is SequenceExpr sequence)
        {
            var args = new Value[sequence.Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = (await ResolveAsync(sequence.Arguments[i], row, context)).Evaluate(row, context.Eval);
            return new ConstantExpr(await SequenceFunctionAsync(sequence, args, context), SqlType.BigInt);
        }
        if (expr is SubqueryExpr subquery)
        {
            var left = subquery.Left is null ? null : await ResolveAsync(subquery.Left, row, context);
            return new ConstantExpr(await RunAsync(subquery, left?.Evaluate(row, context.Eval) ?? Value.Null, row, context), subquery.Type);
        }
        var children = expr.Children;
        if (children.Count == 0 || !AsyncExpr.Within(expr)) return expr;
        var resolved = new BoundExpr[children.Count];
        for (int i = 0; i < resolved.Length; i++) resolved[i] = await ResolveAsync(children[i], row, context);
        return expr.WithChildren(resolved);
    }

    /// <summary>nextval takes the next value (remembered for currval); currval needs a nextval first in the session (55000); setval moves the sequence.</summary>
    private static async ValueTask<Value> SequenceFunctionAsync(SequenceExpr sequence, Value[] args, ExecutionContext context)
    {
        var schema = sequence.Sequence;
        switch (sequence.Function)
        {
            case SequenceFunction.NextValue:
                {
                    long value;
                    if (context.Transaction.NewSequencePosition(schema.Id) is { } position)
                    {
                        var (range, after) = position.Take(schema, 1)
                            ?? throw new SqlException(SqlState.SequenceGeneratorLimitExceeded, SequenceState.ExhaustedMessage(schema));
                        context.Transaction.MoveNewSequence(schema.Id, after);
                        value = range.First;
                    }
                    else
                    {
                        value = await context.Data.NextValueAsync(schema, context.CancellationToken);
                    }
                    context.CurrentValues[schema.Id] = value;
                    return Value.FromInteger(value);
                }
            case SequenceFunction.CurrentValue:
                return context.CurrentValues.TryGetValue(schema.Id, out long current)
                    ? Value.FromInteger(current)
                    : throw new SqlException(SqlState.ObjectNotInPrerequisiteState, $"currval of sequence \"{schema.Name}\" is not yet defined in this session");
            default:
                {
                    if (args[0].IsNull) return Value.Null;
                    long value = args[0].AsInteger;
                    bool isCalled = args.Length < 2 || args[1].IsNull || args[1].AsBoolean;
                    if (value < schema.MinValue || value > schema.MaxValue)
                    {
                        throw new SqlException(SqlState.NumericValueOutOfRange, $"setval: value {value} is out of bounds for sequence \"{schema.Name}\" ({schema.MinValue}..{schema.MaxValue})");
                    }
                    if (context.Transaction.NewSequencePosition(schema.Id) is not null) context.Transaction.MoveNewSequence(schema.Id, new SequenceState(value, isCalled));
                    else await context.Data.SetValueAsync(schema, value, isCalled, context.CancellationToken);
                    if (isCalled) context.CurrentValues[schema.Id] = value;
                    return Value.FromInteger(value);
                }
        }
    }

    private static async ValueTask<Value> RunAsync(SubqueryExpr subquery, Value left, Value[] row, ExecutionContext context)
    {
        var rows = await RowsAsync(subquery, row, context);
        switch (subquery.Kind)
        {
            case SubqueryKind.Scalar:
                if (rows.Count > 1) throw new SqlException(SqlState.CardinalityViolation, "more than one row returned by a subquery used as an expression");
                return rows.Count == 0 ? Value.Null : rows[0][0];
            case SubqueryKind.Exists:
                return Value.FromBoolean(rows.Count > 0);
            default:
                return Quantify(subquery.Kind, subquery.Op, left, rows);
        }
    }

    /// <summary>
    /// IN / ANY is true if the comparison holds for some row, ALL if for every row; when that is not
    /// decided and a comparison was NULL, the result is NULL (SQL's rules for NOT IN with NULLs follow).
    /// </summary>
    private static Value Quantify(SubqueryKind kind, CompareOp op, Value left, List<Value[]> rows)
    {
        bool all = kind == SubqueryKind.All;
        if (rows.Count == 0) return Value.FromBoolean(all);
        if (left.IsNull) return Value.Null;
        bool sawNull = false;
        foreach (var r in rows)
        {
            var v = r[0];
            if (v.IsNull)
            {
                sawNull = true;
                continue;
            }
            bool holds = CompareExpr.Test(op, Value.Compare(left, v));
            if (holds && !all) return Value.True;
            if (!holds && all) return Value.False;
        }
        return sawNull ? Value.Null : Value.FromBoolean(all);
    }

    private static async ValueTask<List<Value[]>> RowsAsync(SubqueryExpr subquery, Value[] row, ExecutionContext context)
    {
        if (!subquery.Correlated && context.UncorrelatedResults.TryGetValue(subquery, out var cached)) return cached;
        var plan = context.SubqueryPlans.GetValue(subquery, s => Planner.PlanNode((LogicalNode)s.Query));
        var subContext = context.ForOuterRow(row);
        var op = StatementExecutor.Build(plan);
        List<Value[]> rows;
        if (subquery.Kind == SubqueryKind.Exists)
        {
            rows = await op.NextBatchAsync(subContext) is { Count: > 0 } first ? [first[0]] : [];
        }
        else
        {
            rows = await op.DrainAsync(subContext);
        }
        if (!subquery.Correlated) context.UncorrelatedResults.AddOrUpdate(subquery, rows);
        return rows;
    }
}
