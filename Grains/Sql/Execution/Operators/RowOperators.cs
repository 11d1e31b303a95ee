using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution.Operators;

public sealed class FilterOperator(Operator input, BoundExpr predicate) : Operator
{
    private readonly bool _hasSubqueries = AsyncExpr.Within(predicate);

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        while (await input.NextBatchAsync(context) is { } batch)
        {
            var kept = new List<Value[]>(batch.Count);
            foreach (var row in batch)
            {
                bool keep = _hasSubqueries ? await SubqueryEvaluator.IsTrueAsync(predicate, row, context) : predicate.IsTrue(row, context.Eval);
                if (keep) kept.Add(row);
            }
            if (kept.Count > 0) return kept;
        }
        return null;
    }
}

public sealed class ProjectOperator(Operator input, IReadOnlyList<BoundExpr> exprs) : Operator
{
    private readonly bool _hasSubqueries = exprs.Any(AsyncExpr.Within);

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        var batch = await input.NextBatchAsync(context);
        if (batch is null) return null;
        var result = new List<Value[]>(batch.Count);
        foreach (var row in batch)
        {
            var projected = new Value[exprs.Count];
            for (int i = 0; i < projected.Length; i++)
            {
                projected[i] = _hasSubqueries ? await SubqueryEvaluator.EvaluateAsync(exprs[i], row, context) : exprs[i].Evaluate(row, context.Eval);
            }
            result.Add(projected);
        }
        return result;
    }
}

/// <summary>Keeps the first N columns of each row.</summary>
public sealed class TrimOperator(Operator input, int count) : Operator
{
    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        var batch = await input.NextBatchAsync(context);
        if (batch is null) return null;
        for (int i = 0; i < batch.Count; i++) batch[i] = batch[i][..count];
        return batch;
    }
}

/// <summary>Literal rows, evaluated once when first pulled.</summary>
public sealed class ValuesOperator(IReadOnlyList<IReadOnlyList<BoundExpr>> rows) : Operator
{
    private readonly bool _hasAsync = rows.Any(r => r.Any(AsyncExpr.Within));
    private bool _done;

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_done || rows.Count == 0) return null;
        _done = true;
        var result = new List<Value[]>(rows.Count);
        foreach (var row in rows)
        {
            var values = new Value[row.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = _hasAsync ? await SubqueryEvaluator.EvaluateAsync(row[i], [], context) : row[i].Evaluate([], context.Eval);
            }
            result.Add(values);
        }
        return result;
    }
}

/// <summary>Sorts all input rows; NULLs sort as PostgreSQL does (last ascending, first descending, unless told).</summary>
public sealed class SortOperator(Operator input, IReadOnlyList<SortKey> keys) : Operator
{
    private bool _done;

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_done) return null;
        _done = true;
        var rows = await input.DrainAsync(context);
        if (rows.Count == 0) return null;
        var evaluated = rows.Select(r => (Row: r, Keys: keys.Select(k => k.Expr.Evaluate(r, context.Eval)).ToArray())).ToList();
        var comparer = Comparer<(Value[] Row, Value[] Keys)>.Create((a, b) => CompareKeys(a.Keys, b.Keys));
        // A stable sort keeps equal rows in input order.
        var sorted = evaluated.Select((e, i) => (e, i)).OrderBy(x => x.e, comparer).ThenBy(x => x.i).Select(x => x.e.Row).ToList();
        return sorted;
    }

    private int CompareKeys(Value[] a, Value[] b)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var x = a[i];
            var y = b[i];
            int c;
            if (x.IsNull || y.IsNull)
            {
                if (x.IsNull && y.IsNull) continue;
                c = x.IsNull == key.NullsFirst ? -1 : 1;
                return c;
            }
            c = Value.Compare(x, y);
            if (c != 0) return key.Descending ? -c : c;
        }
        return 0;
    }
}

/// <summary>LIMIT/OFFSET: skips, then passes at most the limit, then stops pulling its input.</summary>
public sealed class LimitOperator(Operator input, BoundExpr? limit, BoundExpr? offset) : Operator
{
    private long _remaining = -2;
    private long _skip;

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_remaining == -2)
        {
            _remaining = Count(limit, context, "LIMIT") ?? -1;
            _skip = Count(offset, context, "OFFSET") ?? 0;
        }
        while (_remaining != 0 && await input.NextBatchAsync(context) is { } batch)
        {
            int start = 0;
            if (_skip > 0)
            {
                int skipped = (int)Math.Min(_skip, batch.Count);
                _skip -= skipped;
                start = skipped;
            }
            int take = batch.Count - start;
            if (_remaining >= 0 && take > _remaining) take = (int)_remaining;
            if (take <= 0) continue;
            if (_remaining > 0) _remaining -= take;
            return start == 0 && take == batch.Count ? batch : batch.GetRange(start, take);
        }
        return null;
    }

    private static long? Count(BoundExpr? expr, ExecutionContext context, string clause)
    {
        if (expr is null) return null;
        var v = expr.Evaluate([], context.Eval);
        if (v.IsNull) return null;
        if (v.AsInteger < 0)
        {
            throw new SqlException(clause == "LIMIT" ? "2201W" : "2201X", $"{clause} must not be negative");
        }
        return v.AsInteger;
    }
}

/// <summary>Removes duplicate rows, keeping the first of each.</summary>
public sealed class DistinctOperator(Operator input) : Operator
{
    private readonly HashSet<Value[]> _seen = new(RowEqualityComparer.Instance);

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        while (await input.NextBatchAsync(context) is { } batch)
        {
            var kept = new List<Value[]>();
            foreach (var row in batch)
            {
                if (_seen.Add(row)) kept.Add(row);
            }
            if (kept.Count > 0) return kept;
        }
        return null;
    }
}

/// <summary>Row equality for grouping and DISTINCT: NULL equals NULL; 1 equals 1.0.</summary>
public sealed class RowEqualityComparer : IEqualityComparer<Value[]>
{
    public static readonly RowEqualityComparer Instance = new();

    public bool Equals(Value[]? x, Value[]? y)
    {
        if (x is null || y is null || x.Length != y.Length) return false;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i].IsNull != y[i].IsNull) return false;
            if (!x[i].IsNull && Value.Compare(x[i], y[i]) != 0) return false;
        }
        return true;
    }

    public int GetHashCode(Value[] row)
    {
        var hash = new HashCode();
        foreach (var v in row)
        {
            // Numbers that compare equal hash alike: integral values as longs, the rest as doubles.
            switch (v.Kind)
            {
                case ValueKind.Integer:
                    hash.Add(v.AsInteger);
                    break;
                case ValueKind.Float when v.AsFloat == Math.Floor(v.AsFloat) && Math.Abs(v.AsFloat) < 9e18:
                    hash.Add((long)v.AsFloat);
                    break;
                case ValueKind.Numeric when v.AsNumeric == decimal.Truncate(v.AsNumeric) && Math.Abs(v.AsNumeric) < 9e18m:
                    hash.Add((long)v.AsNumeric);
                    break;
                case ValueKind.Numeric:
                    hash.Add((double)v.AsNumeric);
                    break;
                case ValueKind.Float:
                    hash.Add(v.AsFloat);
                    break;
                default:
                    hash.Add(v);
                    break;
            }
        }
        return hash.ToHashCode();
    }
}
