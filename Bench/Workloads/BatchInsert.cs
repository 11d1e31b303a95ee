using System.Collections.Concurrent;
using System.Text;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Workloads;

/// <summary>
/// Multi-row INSERT statements: <c>INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ...</c>, one
/// statement (one autocommit transaction) per batch. Statement texts are built once per shape.
/// </summary>
public static class BatchInsert
{
    private static readonly ConcurrentDictionary<(string Table, string Columns, int Rows), string> Statements = new();

    /// <summary>Inserts <paramref name="rows"/> (each a value per column) in batches of <paramref name="batchRows"/>; <paramref name="onBatch"/> hears each batch's duration in stopwatch ticks.</summary>
    public static async Task InsertAsync(
        IBenchSession session, string table, string[] columns, IEnumerable<object[]> rows, int batchRows, Action<long>? onBatch = null)
    {
        var batch = new List<object[]>(batchRows);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == batchRows) await FlushAsync(session, table, columns, batch, onBatch);
        }
        if (batch.Count > 0) await FlushAsync(session, table, columns, batch, onBatch);
    }

    private static async Task FlushAsync(IBenchSession session, string table, string[] columns, List<object[]> batch, Action<long>? onBatch)
    {
        string sql = Statements.GetOrAdd((table, string.Join(", ", columns), batch.Count), Build);
        var parameters = new object[batch.Count * columns.Length];
        for (int r = 0; r < batch.Count; r++) batch[r].CopyTo(parameters, r * columns.Length);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        long inserted = await session.ExecuteAsync(sql, parameters);
        onBatch?.Invoke(System.Diagnostics.Stopwatch.GetTimestamp() - start);
        if (inserted != batch.Count) throw new BenchSqlException("wrong-result", $"INSERT INTO {table} of {batch.Count} rows reported {inserted}");
        batch.Clear();
    }

    private static string Build((string Table, string Columns, int Rows) shape)
    {
        int width = shape.Columns.Split(',').Length;
        var sql = new StringBuilder($"INSERT INTO {shape.Table} ({shape.Columns}) VALUES ");
        for (int r = 0; r < shape.Rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (int c = 0; c < width; c++) sql.Append(c == 0 ? "$" : ", $").Append(r * width + c + 1);
            sql.Append(')');
        }
        return sql.ToString();
    }
}
