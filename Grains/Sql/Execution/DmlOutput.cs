using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>What INSERT, UPDATE and DELETE return: the count of rows changed and, with RETURNING, a row for each.</summary>
internal sealed class DmlOutput(BoundReturning? returning, ExecutionContext context)
{
    private readonly List<Value[]> _rows = [];
    private long _count;

    /// <summary>Counts a changed row and, with RETURNING, evaluates the list over it.</summary>
    public async ValueTask AddAsync(Value[] row)
    {
        _count++;
        if (returning is null) return;
        var values = new Value[returning.Exprs.Count];
        for (int i = 0; i < values.Length; i++) values[i] = await SubqueryEvaluator.EvaluateAsync(returning.Exprs[i], row, context);
        _rows.Add(values);
    }

    public StatementResult Result(long? count = null)
    {
        if (returning is null) return StatementResult.Command(count ?? _count);
        var columns = returning.Exprs.Select((e, i) => new OutputColumn(returning.Names[i], e.Type)).ToList();
        return new StatementResult(columns, _rows, count ?? _count);
    }
}
