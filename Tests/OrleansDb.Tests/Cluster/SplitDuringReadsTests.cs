using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// Splits in a cluster whose atoms split every few kilobytes. Reads racing splits: while batches of rows
/// are committed, concurrent scans on every silo must each see a consistent snapshot — every row exactly
/// once, and exactly the batches committed before the scan's read version (a whole prefix of them).
/// Splits converge by themselves: an atom written far past its bound ends split down to it with no later
/// write to ask again.
/// </summary>
public sealed class SplitDuringReadsTests : IAsyncLifetime
{
    private const int SplitBytes = 4 * 1024;
    private const int Batches = 40;
    private const int BatchSize = 100;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await OrleansDbTestCluster.StartAsync(3, configure: o => o.AtomSplitBytes = SplitBytes);

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Scans_During_Splits_See_Every_Row_Exactly_Once()
    {
        Assert.Null((await _cluster.ExecuteAsync("CREATE TABLE racing(id BIGINT PRIMARY KEY, pad TEXT)")).Error);
        using var done = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            try
            {
                for (int b = 0; b < Batches; b++)
                {
                    // Batch b holds ids b, b + Batches, b + 2 * Batches, ...: every batch spreads over the whole key range.
                    var values = string.Join(",", Enumerable.Range(0, BatchSize).Select(i => $"({b + i * Batches}, '{new string('x', 40)}')"));
                    var response = await _cluster.ExecuteAsync($"INSERT INTO racing VALUES {values}");
                    Assert.Null(response.Error);
                }
            }
            finally
            {
                done.Cancel();
            }
        });
        var readers = Enumerable.Range(0, 3).Select(silo => Task.Run(async () =>
        {
            int scans = 0;
            while (!done.IsCancellationRequested || scans == 0)
            {
                var response = await _cluster.SiloService<SqlService>(silo).ExecuteAsync(new SqlRequest { Sql = "SELECT id FROM racing" }, CancellationToken.None);
                Assert.Null(response.Error);
                var ids = response.Results[0].Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(ids.Count, ids.Distinct().Count());
                Assert.True(ids.Count % BatchSize == 0, $"a scan saw {ids.Count} rows: part of a batch");
                var batches = ids.Select(id => id % Batches).Distinct().Order().ToList();
                Assert.Equal(Enumerable.Range(0, batches.Count).Select(b => (long)b), batches);
                scans++;
            }
            return scans;
        })).ToList();
        await writer;
        var counts = await Task.WhenAll(readers);
        Assert.All(counts, c => Assert.True(c > 0));

        var final = await _cluster.ExecuteAsync("SELECT count(*) FROM racing");
        Assert.Equal(Batches * BatchSize, Convert.ToInt64(final.Results[0].Rows[0][0], CultureInfo.InvariantCulture));
        var explain = await _cluster.ExecuteAsync("EXPLAIN SELECT id FROM racing");
        Assert.Contains(explain.Results[0].Rows, r => r[0] is string s && s.StartsWith("Atoms of racing:", StringComparison.Ordinal) && !s.Contains(" 1 of 1 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_Atom_Written_Far_Past_Its_Bound_In_One_Batch_Splits_Down_To_It()
    {
        Assert.Null((await _cluster.ExecuteAsync("CREATE TABLE burst(id INT PRIMARY KEY, v TEXT NOT NULL)")).Error);
        // One batch takes the table's only atom to some thirty times its bound, and nothing writes to the table
        // afterwards: each split's right half is new and over the bound, and only the engines applying the split ask for it.
        var values = Enumerable.Range(1, 2_000).Select(id => $"({id}, 'row {id:D5}')");
        Assert.Null((await _cluster.ExecuteAsync("INSERT INTO burst VALUES " + string.Join(", ", values))).Error);

        await AtomPlacement.WaitUntilNoAtomExceedsAsync(_cluster, "burst", SplitBytes, TimeSpan.FromSeconds(30));
        Assert.True(AtomPlacement.AtomsOf(_cluster, 0, "burst").Count >= 16);
    }

    [Fact]
    public async Task Index_Atoms_Split_And_Index_Scans_Read_Across_Them()
    {
        Assert.Null((await _cluster.ExecuteAsync("CREATE TABLE tagged(id INT PRIMARY KEY, tag TEXT NOT NULL); CREATE INDEX tagged_tag ON tagged (tag)")).Error);
        var values = Enumerable.Range(1, 2_000).Select(id => $"({id}, 'tag {id % 97:D3} {new string('x', 20)}')");
        Assert.Null((await _cluster.ExecuteAsync("INSERT INTO tagged VALUES " + string.Join(", ", values))).Error);

        await AtomPlacement.WaitUntilNoAtomExceedsAsync(_cluster, "tagged_tag", SplitBytes, TimeSpan.FromSeconds(30));
        Assert.True(AtomPlacement.AtomsOf(_cluster, 0, "tagged_tag").Count >= 8);
        string equal = $"SELECT id FROM tagged WHERE tag = 'tag 042 {new string('x', 20)}' ORDER BY id";
        string range = "SELECT count(*) FROM tagged WHERE tag >= 'tag 010' AND tag < 'tag 020'";
        for (int silo = 0; silo < _cluster.Silos.Count; silo++)
        {
            var rows = (await RunAsync(silo, equal)).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(1, 2_000).Where(id => id % 97 == 42).Select(id => (long)id), rows);
            Assert.Equal(Enumerable.Range(1, 2_000).LongCount(id => id % 97 is >= 10 and < 20), Convert.ToInt64((await RunAsync(silo, range))[0][0], CultureInfo.InvariantCulture));
        }
        var plan = await RunAsync(0, "EXPLAIN " + equal);
        Assert.Contains(plan, r => r[0] is string s && s.Contains("Index Scan using tagged_tag", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Index_Scans_During_Index_Splits_Agree_With_Full_Scans()
    {
        Assert.Null((await _cluster.ExecuteAsync("CREATE TABLE spread(id INT PRIMARY KEY, v INT NOT NULL); CREATE INDEX spread_v ON spread (v)")).Error);
        using var done = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            try
            {
                for (int b = 0; b < Batches; b++)
                {
                    var values = string.Join(",", Enumerable.Range(0, BatchSize).Select(i => $"({b + i * Batches}, {-(b + i * Batches)})"));
                    Assert.Null((await _cluster.ExecuteAsync($"INSERT INTO spread VALUES {values}")).Error);
                }
            }
            finally
            {
                done.Cancel();
            }
        });
        var readers = Enumerable.Range(0, 3).Select(silo => Task.Run(async () =>
        {
            int checks = 0;
            while (!done.IsCancellationRequested || checks == 0)
            {
                var counts = await RunAsync(silo, "SELECT (SELECT count(*) FROM spread WHERE v <= -100), (SELECT count(*) FROM spread WHERE id + 0 >= 100)");
                Assert.Equal(counts[0][1], counts[0][0]);
                checks++;
            }
            return checks;
        })).ToList();
        await writer;
        await Task.WhenAll(readers);
        Assert.True(AtomPlacement.AtomsOf(_cluster, 0, "spread_v").Count > 1);
        var plan = await RunAsync(0, "EXPLAIN SELECT count(*) FROM spread WHERE v <= -100");
        Assert.Contains(plan, r => r[0] is string s && s.Contains("Index Scan using spread_v", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<object?[]>> RunAsync(int silo, string sql)
    {
        var response = await _cluster.SiloService<SqlService>(silo).ExecuteAsync(new SqlRequest { Sql = sql }, CancellationToken.None);
        Assert.True(response.Error is null, $"{sql} → {response.Error}");
        return response.Results[^1].Rows;
    }
}
