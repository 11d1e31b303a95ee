using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution.Operators;

/// <summary>
/// Runs an <see cref="AtomScanPlan"/>. Without own writes to the table, filter and projection run in
/// the atoms and pages stream through; with them, full rows are merged with the transaction's writes
/// here and the filter and projection run after the merge.
/// </summary>
public sealed class AtomScanOperator(AtomScanPlan plan) : Operator
{
    private IAsyncEnumerator<AtomScanResult>? _pages;
    private List<Value[]>? _merged;
    private bool _done;

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_done) return null;
        if (_pages is null && _merged is null)
        {
            var range = plan.IndexAccess is null ? plan.Range.Evaluate(context.Eval) : ([], null);
            if (range is null)
            {
                _done = true;
                return null;
            }
            var (low, high) = range.Value;
            var reader = new TableReader(context);
            if (plan.IndexAccess is not null)
            {
                _merged = await IndexScanAsync(plan.IndexAccess, reader, context);
                _done = true;
                return _merged.Count > 0 ? _merged : null;
            }
            if (plan.Range.Kind == KeyRangeKind.PointSet)
            {
                _merged = await PointSetAsync(reader, context);
                _done = true;
                return _merged.Count > 0 ? _merged : null;
            }
            var cap = plan.LimitHint?.Evaluate([], context.Eval) ?? Value.Null;
            long limit = cap.IsNull ? 0 : Math.Max(0, cap.AsInteger);
            if (!cap.IsNull && limit == 0)
            {
                _done = true;
                return null;
            }
            var filter = plan.Filter is null ? null : ExprCodec.SubstituteParameters(plan.Filter, context.Eval);
            if (context.Transaction.WritesTo(plan.Table.Id) is null)
            {
                var projection = plan.Projection?.Select(p => ExprCodec.SubstituteParameters(p, context.Eval)).ToList();
                _pages = reader.ScanCommittedAsync(plan.Table, low, high, filter, projection, limit, includeKeys: false).GetAsyncEnumerator(context.CancellationToken);
            }
            else
            {
                var rows = await reader.ReadMergedAsync(plan.Table, low, high, filter);
                _merged = rows.Select(r => plan.Projection is null ? r.Row : Project(r.Row, context)).ToList();
                if (limit > 0 && _merged.Count > limit) _merged.RemoveRange((int)limit, _merged.Count - (int)limit);
            }
        }
        if (_merged is not null)
        {
            _done = true;
            return _merged.Count > 0 ? _merged : null;
        }
        while (await _pages!.MoveNextAsync())
        {
            if (_pages.Current.Rows.Count > 0) return _pages.Current.Rows;
        }
        _done = true;
        await _pages.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Reads the index entries of the range (merged with own writes), then the rows they name, in index
    /// order; the whole filter and the projection run here.
    /// </summary>
    private async Task<List<Value[]>> IndexScanAsync(IndexRange access, TableReader reader, ExecutionContext context)
    {
        var range = access.Evaluate(context.Eval);
        if (range is null) return [];
        var index = access.Index;
        var entries = await reader.ReadMergedAsync(index.EntrySchema(plan.Table), range.Value.Low, range.Value.High, null);
        var keys = entries.Select(e => KeyCodec.Encode(e.Row.AsSpan(index.Columns.Count))).ToList();
        var cap = plan.LimitHint?.Evaluate([], context.Eval) ?? Value.Null;
        long limit = cap.IsNull ? long.MaxValue : cap.AsInteger;
        if (plan.Filter is null && keys.Count > limit) keys.RemoveRange((int)limit, keys.Count - (int)limit);
        var rows = await reader.GetRowsAsync(plan.Table, keys);
        var result = new List<Value[]>();
        foreach (var key in keys)
        {
            if (result.Count >= limit) break;
            if (!rows.TryGetValue(key, out var row)) continue;
            if (plan.Filter is not null && !plan.Filter.IsTrue(row, context.Eval)) continue;
            result.Add(plan.Projection is null ? row : Project(row, context));
        }
        return result;
    }

    /// <summary>Looks up each key of the point set (one call per atom holding any), filter and projection in the atoms.</summary>
    private async Task<List<Value[]>> PointSetAsync(TableReader reader, ExecutionContext context)
    {
        var keys = plan.Range.EvaluatePoints(context.Eval);
        var filter = plan.Filter is null ? null : ExprCodec.SubstituteParameters(plan.Filter, context.Eval);
        var projection = plan.Projection?.Select(p => ExprCodec.SubstituteParameters(p, context.Eval)).ToList();
        var rows = await reader.GetRowsAsync(plan.Table, keys, filter, projection);
        var cap = plan.LimitHint?.Evaluate([], context.Eval) ?? Value.Null;
        long limit = cap.IsNull ? long.MaxValue : cap.AsInteger;
        var result = new List<Value[]>();
        foreach (var key in keys)
        {
            if (result.Count >= limit) break;
            if (rows.TryGetValue(key, out var row)) result.Add(row);
        }
        return result;
    }

    private Value[] Project(Value[] row, ExecutionContext context)
    {
        var result = new Value[plan.Projection!.Count];
        for (int i = 0; i < result.Length; i++) result[i] = plan.Projection[i].Evaluate(row, context.Eval);
        return result;
    }
}
