using System.Data;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Workloads;

/// <summary>
/// The workloads, each one SQL shape run identically on every target. Keys are drawn uniformly from the
/// worker's own generator. A result of the wrong size counts as an error ("wrong-result"), so a target
/// cannot look fast by answering wrongly.
/// </summary>
public static class WorkloadCatalog
{
    public const string SelectByKey = "SELECT v FROM kv WHERE k = $1";
    public const string UpdateByKey = "UPDATE kv SET v = $2 WHERE k = $1";
    public const string RangeScan = "SELECT k, v FROM kv WHERE k >= $1 AND k < $2 ORDER BY k";
    public const int RangeRows = 100;

    /// <summary>
    /// The filter names the orders column, so the secondary index drives the join on every target;
    /// the same filter on <c>c.id</c> needs the planner to carry it across the join's equality.
    /// </summary>
    public const string CustomerTotals =
        "SELECT c.name, count(*), sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.customer_id = $1 GROUP BY c.name";

    public static IReadOnlyList<string> Ids => ["W1", "W2", "W3", "W4", "W4copy", "W5", "W6"];

    public static IReadOnlyList<Workload> Create(Dataset data, IsolationLevel isolation) =>
    [
        new TimedWorkload("W1", "point select by random key", false, (s, r) => PointSelectAsync(s, r, data)),
        new TimedWorkload("W2", "one-row update by random key, autocommit", false, (s, r) => UpdateAsync(s, r, data)),
        new TimedWorkload("W3", "transaction: 5 point selects and 1 update", false, (s, r) => ReadsThenUpdateAsync(s, r, data, isolation)),
        new BulkLoadWorkload("W4", $"bulk load of {data.Rows} rows by {data.BatchRows}-row INSERTs", byCopy: false, data),
        new BulkLoadWorkload("W4copy", $"bulk load of {data.Rows} rows by COPY (PostgreSQL only)", byCopy: true, data),
        new TimedWorkload("W5", $"{RangeRows}-row range scan on the primary key", false, (s, r) => RangeScanAsync(s, r, data)),
        new TimedWorkload("W6", "join orders→customers by the secondary index, with count and sum", true, (s, r) => CustomerTotalsAsync(s, r, data)),
    ];

    public static async Task PointSelectAsync(IBenchSession session, Random random, Dataset data) =>
        Expect(1, await session.QueryAsync(SelectByKey, random.NextInt64(data.Rows)), "W1 rows");

    public static async Task UpdateAsync(IBenchSession session, Random random, Dataset data) =>
        Expect(1, await session.ExecuteAsync(UpdateByKey, random.NextInt64(data.Rows), KvValues.Any(random)), "W2 rows updated");

    /// <summary>A failure inside leaves the transaction open; the runner rolls it back.</summary>
    public static async Task ReadsThenUpdateAsync(IBenchSession session, Random random, Dataset data, IsolationLevel isolation)
    {
        await session.BeginAsync(isolation);
        for (int i = 0; i < 5; i++) Expect(1, await session.QueryAsync(SelectByKey, random.NextInt64(data.Rows)), "W3 rows");
        Expect(1, await session.ExecuteAsync(UpdateByKey, random.NextInt64(data.Rows), KvValues.Any(random)), "W3 rows updated");
        await session.CommitAsync();
    }

    private static async Task RangeScanAsync(IBenchSession session, Random random, Dataset data)
    {
        long span = Math.Min(RangeRows, data.Rows);
        long from = random.NextInt64(data.Rows - span + 1);
        Expect(span, await session.QueryAsync(RangeScan, from, from + span), "W5 rows");
    }

    private static async Task CustomerTotalsAsync(IBenchSession session, Random random, Dataset data) =>
        Expect(1, await session.QueryAsync(CustomerTotals, random.NextInt64(data.Customers)), "W6 rows");

    private static void Expect(long expected, long actual, string what)
    {
        if (actual != expected) throw new BenchSqlException("wrong-result", $"{what}: expected {expected}, got {actual}");
    }
}
