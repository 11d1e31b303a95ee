using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution.Operators;

/// <summary>Shared by the join operators: concatenation, NULL padding, and the right side's unmatched rows.</summary>
public abstract class JoinOperator(Operator left, Operator right, LogicalJoinKind kind, int leftWidth, int rightWidth) : Operator
{
    private List<Value[]>? _rightRows;
    private bool[]? _rightMatched;
    private bool _leftDone;
    private bool _done;

    protected LogicalJoinKind Kind => kind;

    protected List<Value[]> RightRows => _rightRows!;

    protected Value[] Combine(Value[]? l, Value[]? r)
    {
        var row = new Value[leftWidth + rightWidth];
        if (l is not null) Array.Copy(l, row, leftWidth);
        if (r is not null) Array.Copy(r, 0, row, leftWidth, rightWidth);
        return row;
    }

    protected void MarkMatched(int rightIndex)
    {
        if (_rightMatched is not null) _rightMatched[rightIndex] = true;
    }

    /// <summary>Reads and prepares the right side (once).</summary>
    protected virtual ValueTask PrepareAsync(List<Value[]> rightRows, ExecutionContext context) => ValueTask.CompletedTask;

    /// <summary>Appends the joined rows for one left row; returns whether any right row matched.</summary>
    protected abstract ValueTask<bool> JoinRowAsync(Value[] leftRow, List<Value[]> output, ExecutionContext context);

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_done) return null;
        if (_rightRows is null)
        {
            _rightRows = await right.DrainAsync(context);
            if (kind is LogicalJoinKind.Right or LogicalJoinKind.Full) _rightMatched = new bool[_rightRows.Count];
            await PrepareAsync(_rightRows, context);
        }
        while (!_leftDone)
        {
            var batch = await left.NextBatchAsync(context);
            if (batch is null)
            {
                _leftDone = true;
                break;
            }
            var output = new List<Value[]>();
            foreach (var row in batch)
            {
                bool matched = await JoinRowAsync(row, output, context);
                if (!matched && kind is LogicalJoinKind.Left or LogicalJoinKind.Full) output.Add(Combine(row, null));
            }
            if (output.Count > 0) return output;
        }
        _done = true;
        if (_rightMatched is null) return null;
        var unmatched = new List<Value[]>();
        for (int i = 0; i < _rightRows.Count; i++)
        {
            if (!_rightMatched[i]) unmatched.Add(Combine(null, _rightRows[i]));
        }
        return unmatched.Count > 0 ? unmatched : null;
    }
}

/// <summary>Tests the condition on every (left, right) pair.</summary>
public sealed class NestedLoopJoinOperator(Operator left, Operator right, LogicalJoinKind kind, BoundExpr? condition, int leftWidth, int rightWidth)
    : JoinOperator(left, right, kind, leftWidth, rightWidth)
{
    private readonly bool _hasSubqueries = condition is not null && AsyncExpr.Within(condition);

    protected override async ValueTask<bool> JoinRowAsync(Value[] leftRow, List<Value[]> output, ExecutionContext context)
    {
        bool matched = false;
        var rows = RightRows;
        for (int i = 0; i < rows.Count; i++)
        {
            var combined = Combine(leftRow, rows[i]);
            bool holds = condition is null || (_hasSubqueries
                ? await SubqueryEvaluator.IsTrueAsync(condition, combined, context)
                : condition.IsTrue(combined, context.Eval));
            if (!holds) continue;
            matched = true;
            MarkMatched(i);
            output.Add(combined);
        }
        return matched;
    }
}

/// <summary>Hashes the right side by its keys; each left row probes with its keys. NULL keys never match.</summary>
public sealed class HashJoinOperator(
    Operator left, Operator right, LogicalJoinKind kind,
    IReadOnlyList<BoundExpr> leftKeys, IReadOnlyList<BoundExpr> rightKeys, BoundExpr? residual, int leftWidth, int rightWidth)
    : JoinOperator(left, right, kind, leftWidth, rightWidth)
{
    private readonly Dictionary<Value[], List<int>> _table = new(RowEqualityComparer.Instance);
    private readonly bool _hasSubqueries = residual is not null && AsyncExpr.Within(residual);

    protected override ValueTask PrepareAsync(List<Value[]> rightRows, ExecutionContext context)
    {
        for (int i = 0; i < rightRows.Count; i++)
        {
            var key = Key(rightKeys, rightRows[i], context);
            if (key is null) continue;
            if (!_table.TryGetValue(key, out var list)) _table[key] = list = [];
            list.Add(i);
        }
        return ValueTask.CompletedTask;
    }

    private static Value[]? Key(IReadOnlyList<BoundExpr> keys, Value[] row, ExecutionContext context)
    {
        var key = new Value[keys.Count];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = keys[i].Evaluate(row, context.Eval);
            if (key[i].IsNull) return null;
        }
        return key;
    }

    protected override async ValueTask<bool> JoinRowAsync(Value[] leftRow, List<Value[]> output, ExecutionContext context)
    {
        var key = Key(leftKeys, leftRow, context);
        if (key is null || !_table.TryGetValue(key, out var matches)) return false;
        bool matched = false;
        foreach (int i in matches)
        {
            var combined = Combine(leftRow, RightRows[i]);
            if (residual is not null && !(_hasSubqueries ? await SubqueryEvaluator.IsTrueAsync(residual, combined, context) : residual.IsTrue(combined, context.Eval)))
            {
                continue;
            }
            matched = true;
            MarkMatched(i);
            output.Add(combined);
        }
        return matched;
    }
}
