using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Cluster;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// A cache engine with a small memory budget (64 KiB) under a table several times larger: a full scan
/// through it answers correctly while it holds no more than its budget, evicting the least recently used
/// atoms and fetching them again from the archive when they are needed.
/// </summary>
public sealed class CacheBudgetTests(ITestOutputHelper output)
{
    private const int Archive = 0;
    private const int Cache = 1;
    private const long Budget = 64 * 1024;
    private const int Rows = 3_000;

    [Fact]
    public async Task A_Scan_Larger_Than_The_Budget_Is_Answered_Within_It()
    {
        var cluster = await OrleansDbTestCluster.StartAsync(2, roleOf: i => i == Archive ? EngineRole.Archive : EngineRole.Cache,
            configure: o =>
            {
                o.AtomSplitBytes = 8 * 1024;
                o.CacheMemoryBytes = Budget;
            });
        try
        {
            await RunAsync(cluster, "CREATE TABLE wide (id int PRIMARY KEY, v text NOT NULL)");
            for (int first = 1; first <= Rows; first += 500)
            {
                await RunAsync(cluster, "INSERT INTO wide VALUES " +
                    string.Join(", ", Enumerable.Range(first, 500).Select(i => $"({i}, '{new string('x', 100)}{i}')")));
            }
            var archive = cluster.SiloService<AtomStore>(Archive);
            var cache = cluster.SiloService<AtomStore>(Cache);
            // Atoms split in the background after the writes; the budget is meant for many atoms of 8 KiB.
            for (int wait = 0; wait < 600 && archive.Atoms.Any(a => a.ByteSize > 2 * 8 * 1024); wait++) await Task.Delay(100);
            long largest = archive.Atoms.Max(a => a.ByteSize);
            Assert.True(largest < Budget / 2, $"atoms did not split: the largest holds {largest} bytes");
            long tableBytes = archive.HeldBytes;
            Assert.True(tableBytes > 4 * Budget, $"the table holds {tableBytes} bytes");

            for (int pass = 0; pass < 2; pass++)
            {
                var rows = await RunAsync(cluster, "SELECT count(*), sum(id), sum(length(v)) FROM wide");
                Assert.Equal([(long)Rows, (long)Rows * (Rows + 1) / 2, Enumerable.Range(1, Rows).Sum(i => 100L + i.ToString(CultureInfo.InvariantCulture).Length)], rows[0]);
                // The atom a reader is using stays while others go: at most one atom over the budget.
                Assert.True(cache.HeldBytes <= Budget + largest, $"pass {pass}: the cache engine holds {cache.HeldBytes} bytes in {cache.AtomCount} atoms, budget {Budget}");
            }
            Assert.True(cache.Evictions > 0);

            // Changes through the cache engine reach evicted atoms too: they are in the archive and the log.
            await RunAsync(cluster, "UPDATE wide SET v = 'short' WHERE id % 100 = 0");
            var changed = await RunAsync(cluster, "SELECT count(*) FROM wide WHERE v = 'short'");
            Assert.Equal(Rows / 100L, changed[0][0]);
            output.WriteLine($"table {tableBytes} bytes in {archive.AtomCount} atoms; cache holds {cache.HeldBytes} bytes in {cache.AtomCount} atoms after {cache.Evictions} evictions");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<IReadOnlyList<object?[]>> RunAsync(InProcessTestCluster cluster, string sql)
    {
        var response = await cluster.SiloService<SqlService>(Cache).ExecuteAsync(new SqlRequest { Sql = sql }, CancellationToken.None);
        Assert.True(response.Error is null, $"{sql} → {response.Error}");
        return response.Results[^1].Rows;
    }
}
