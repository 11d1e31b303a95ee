using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution.Operators;

/// <summary>
/// A running plan node. Operators are pulled: each call returns the next batch of rows, or null when
/// the input is exhausted. Batches are never empty.
/// </summary>
public abstract class Operator
{
    public abstract ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context);

    /// <summary>Pulls every remaining row.</summary>
    public async Task<List<Value[]>> DrainAsync(ExecutionContext context)
    {
        var rows = new List<Value[]>();
        while (await NextBatchAsync(context) is { } batch) rows.AddRange(batch);
        return rows;
    }
}
