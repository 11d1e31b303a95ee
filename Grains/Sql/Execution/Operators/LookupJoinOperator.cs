using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution.Operators;

/// <summary>Runs a <see cref="LookupJoinPlan"/>: per batch of left rows, one multi-key read of the right table.</summary>
public sealed class LookupJoinOperator(Operator left, LookupJoinPlan plan) : Operator
{
    private readonly bool _hasSubqueries = plan.Residual is not null && AsyncExpr.Within(plan.Residual);

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        var reader = new TableReader(context);
        var filter = plan.Filter is null ? null : ExprCodec.SubstituteParameters(plan.Filter, context.Eval);
        while (await left.NextBatchAsync(context) is { } batch)
        {
            var keys = new byte[]?[batch.Count];
            var distinct = new HashSet<byte[]>(ByteArrayComparer.Instance);
            for (int r = 0; r < batch.Count; r++)
            {
                keys[r] = KeyOf(batch[r], context);
                if (keys[r] is { } key) distinct.Add(key);
            }
            var rows = await reader.GetRowsAsync(plan.Table, [.. distinct], filter, null);
            var output = new List<Value[]>();
            for (int r = 0; r < batch.Count; r++)
            {
                if (keys[r] is not { } key || !rows.TryGetValue(key, out var right)) continue;
                Value[] combined = [.. batch[r], .. right];
                if (plan.Residual is not null && !(_hasSubqueries
                        ? await SubqueryEvaluator.IsTrueAsync(plan.Residual, combined, context)
                        : plan.Residual.IsTrue(combined, context.Eval)))
                {
                    continue;
                }
                output.Add(combined);
            }
            if (output.Count > 0) return output;
        }
        return null;
    }

    /// <summary>The right table's key for a left row, or null when a key value is NULL or does not fit the column.</summary>
    private byte[]? KeyOf(Value[] row, ExecutionContext context)
    {
        var values = new Value[plan.KeyExprs.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var column = plan.Table.Columns[plan.Table.PrimaryKey[i]];
            var v = plan.KeyExprs[i].Evaluate(row, context.Eval);
            if (v.IsNull) return null;
            if (column.Type.IsInteger && v.Kind != ValueKind.Integer)
            {
                // 2.5 = integer key matches nothing; 2.0 matches 2.
                double d = v.ToDouble();
                if (d != Math.Floor(d) || Math.Abs(d) > 9e18) return null;
                v = Value.FromInteger((long)d);
            }
            values[i] = KeyRangeSelector.ToKeyValue(v, column.Type);
            if (values[i].Kind != column.Type.ValueKind) return null;
        }
        return KeyCodec.Encode(values);
    }
}
