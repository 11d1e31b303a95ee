using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution.Operators;

/// <summary>
/// UNION / INTERSECT / EXCEPT with SQL's duplicate rules: without ALL the result has no duplicates;
/// with ALL, a row appearing m times left and n times right appears m+n (UNION), min(m,n) (INTERSECT)
/// or max(m-n,0) (EXCEPT) times. NULLs are equal here.
/// </summary>
public sealed class SetOpOperator(SetOpKind kind, bool all, Operator left, Operator right) : Operator
{
    private bool _done;

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_done) return null;
        _done = true;
        var leftRows = await left.DrainAsync(context);
        var rightRows = await right.DrainAsync(context);
        var result = new List<Value[]>();
        switch (kind)
        {
            case SetOpKind.Union when all:
                result.AddRange(leftRows);
                result.AddRange(rightRows);
                break;
            case SetOpKind.Union:
                {
                    var seen = new HashSet<Value[]>(RowEqualityComparer.Instance);
                    foreach (var row in leftRows.Concat(rightRows))
                    {
                        if (seen.Add(row)) result.Add(row);
                    }
                    break;
                }
            default:
                {
                    var counts = new Dictionary<Value[], int>(RowEqualityComparer.Instance);
                    foreach (var row in rightRows) counts[row] = counts.GetValueOrDefault(row) + 1;
                    var emitted = new HashSet<Value[]>(RowEqualityComparer.Instance);
                    foreach (var row in leftRows)
                    {
                        int n = counts.GetValueOrDefault(row);
                        bool keep;
                        if (kind == SetOpKind.Intersect)
                        {
                            keep = n > 0;
                            if (keep && all) counts[row] = n - 1;
                        }
                        else
                        {
                            keep = n == 0;
                            if (!keep && all) counts[row] = n - 1;
                        }
                        if (!keep) continue;
                        if (all || emitted.Add(row)) result.Add(row);
                    }
                    break;
                }
        }
        return result.Count > 0 ? result : null;
    }
}
