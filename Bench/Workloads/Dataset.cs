using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Workloads;

/// <summary>
/// The data the workloads read and write, the same on every target:
/// <list type="bullet">
/// <item><c>kv(k BIGINT PRIMARY KEY, v TEXT)</c>: keys 0..Rows-1, each with a 100-byte value (W1–W3, W5);</item>
/// <item><c>customers(id, name, region)</c>: Rows/10 customers, and <c>orders(id, customer_id, amount, note)</c>:
/// Rows orders, order i belonging to customer i mod Customers, with the secondary index
/// <c>orders_customer(customer_id)</c> built after the load (W6).</item>
/// </list>
/// Loading drops and re-creates the tables, so every run starts from the same state.
/// </summary>
public sealed class Dataset(long rows, int batchRows)
{
    /// <summary>Sessions that load in parallel, each its own key range.</summary>
    private const int Loaders = 4;

    public long Rows { get; } = rows;

    public long Customers { get; } = Math.Max(1, rows / 10);

    public int BatchRows { get; } = batchRows;

    public async Task LoadAsync(IBenchTarget target, bool withOrders, CancellationToken cancellationToken)
    {
        await ExecuteEachAsync(target, cancellationToken,
            "DROP TABLE IF EXISTS orders", "DROP TABLE IF EXISTS customers", "DROP TABLE IF EXISTS kv",
            "CREATE TABLE kv (k BIGINT PRIMARY KEY, v TEXT NOT NULL)");
        await ParallelLoad.RunAsync(target, Rows, Loaders, (session, _, from, to) =>
            BatchInsert.InsertAsync(session, "kv", ["k", "v"], KvRows(from, to), BatchRows), cancellationToken);
        if (withOrders)
        {
            await ExecuteEachAsync(target, cancellationToken,
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL)",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount BIGINT NOT NULL, note TEXT NOT NULL)");
            await ParallelLoad.RunAsync(target, Customers, Loaders, (session, _, from, to) =>
                BatchInsert.InsertAsync(session, "customers", ["id", "name", "region"], CustomerRows(from, to), BatchRows), cancellationToken);
            await ParallelLoad.RunAsync(target, Rows, Loaders, (session, _, from, to) =>
                BatchInsert.InsertAsync(session, "orders", ["id", "customer_id", "amount", "note"], OrderRows(from, to), BatchRows), cancellationToken);
            await ExecuteEachAsync(target, cancellationToken, "CREATE INDEX orders_customer ON orders (customer_id)");
        }
        await ExecuteEachAsync(target, cancellationToken, [.. target.AfterLoadStatements]);
    }

    public static IEnumerable<(long Key, string Value)> KvPairs(long from, long to)
    {
        for (long k = from; k < to; k++) yield return (k, KvValues.ForKey(k));
    }

    public static IEnumerable<object[]> KvRows(long from, long to) => KvPairs(from, to).Select(p => new object[] { p.Key, p.Value });

    public static async Task ExecuteEachAsync(IBenchTarget target, CancellationToken cancellationToken, params string[] statements)
    {
        await using var session = await target.OpenSessionAsync(cancellationToken);
        foreach (var sql in statements) await session.ExecuteAsync(target.AdaptDdl(sql));
    }

    private static IEnumerable<object[]> CustomerRows(long from, long to)
    {
        for (long id = from; id < to; id++) yield return [id, $"customer {id}", $"region {id % 16}"];
    }

    private IEnumerable<object[]> OrderRows(long from, long to)
    {
        for (long id = from; id < to; id++) yield return [id, id % Customers, id * 7919 % 10_000, $"order {id} note"];
    }
}
