using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Client;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// Three engines (cache and archive each) in one in-process cluster. 10,000 rows written through the
/// Orleans client split into many record atoms; every atom's originator is on the first silo of its
/// ordered list, and every silo reads every row exactly once.
/// </summary>
public sealed class ThreeSiloClusterTests(ThreeSiloClusterTests.TenThousandRows data) : IClassFixture<ThreeSiloClusterTests.TenThousandRows>
{
    private InProcessTestCluster Cluster => data.Cluster;

    [Fact]
    public void Ten_Thousand_Rows_Split_Into_Several_Atoms_That_Every_Silo_Lists_Alike()
    {
        var atoms = AtomPlacement.AtomsOf(Cluster, 0, "t");

        Assert.True(atoms.Count > 1, $"the table has {atoms.Count} atom(s)");
        for (int silo = 1; silo < Cluster.Silos.Count; silo++) Assert.Equal(atoms, AtomPlacement.AtomsOf(Cluster, silo, "t"));
    }

    [Fact]
    public Task No_Atom_Stays_Larger_Than_The_Split_Bound_Once_Writes_Stop() =>
        AtomPlacement.WaitUntilNoAtomExceedsAsync(Cluster, "t", TenThousandRows.AtomSplitBytes, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Every_Atom_Is_Activated_On_The_First_Silo_Of_Its_Ordered_List()
    {
        // Engines that hold every atom scan their own copies; a call to each atom activates its originator.
        var atoms = AtomPlacement.AtomsOf(Cluster, 0, "t");
        var hosts = new Dictionary<long, string>();
        foreach (long atom in atoms) hosts[atom] = await Cluster.Client.GetGrain<IRecordAtomGrain>(atom).GetHost();

        var activations = await AtomPlacement.ActivationsAsync(Cluster);
        foreach (long atom in atoms)
        {
            var expected = AtomPlacement.ExpectedOriginator(Cluster, atom);
            Assert.True(activations.TryGetValue(AtomPlacement.GrainIdOf(Cluster, atom), out var actual), $"atom {atom} has no activation");
            Assert.Equal(expected, actual);
            Assert.Equal(expected.ToString(), hosts[atom]);
        }
    }

    [Fact]
    public async Task Every_Silo_Reads_Every_Row_Exactly_Once()
    {
        for (int silo = 0; silo < Cluster.Silos.Count; silo++)
        {
            var rows = await QueryAsync(silo, "SELECT id FROM t");

            var ids = rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(TenThousandRows.RowCount, ids.Count);
            Assert.Equal(Enumerable.Range(1, TenThousandRows.RowCount).Select(i => (long)i), ids);
        }
    }

    [Fact]
    public async Task Every_Silo_Answers_A_Point_Lookup()
    {
        for (int silo = 0; silo < Cluster.Silos.Count; silo++)
        {
            foreach (int id in new[] { 1, 4321, TenThousandRows.RowCount })
            {
                var rows = await QueryAsync(silo, "SELECT id, v FROM t WHERE id = $1", id);

                var row = Assert.Single(rows);
                Assert.Equal(TenThousandRows.ValueOf(id), row[1]);
            }
            Assert.Empty(await QueryAsync(silo, "SELECT id FROM t WHERE id = $1", TenThousandRows.RowCount + 1));
        }
    }

    [Fact]
    public async Task Every_Silo_Answers_A_Range_Scan_Across_Atoms()
    {
        const int Low = 2_500, High = 7_500;
        for (int silo = 0; silo < Cluster.Silos.Count; silo++)
        {
            var rows = await QueryAsync(silo, "SELECT id, v FROM t WHERE id >= $1 AND id < $2 ORDER BY id", Low, High);

            Assert.Equal(Enumerable.Range(Low, High - Low).Select(TenThousandRows.ValueOf), rows.Select(r => (string?)r[1]));
        }
        var plan = await QueryAsync(0, "EXPLAIN SELECT id FROM t WHERE id >= 2500 AND id < 7500");
        Assert.Contains(plan, line => ((string)line[0]!).StartsWith("Range Scan", StringComparison.Ordinal));
    }

    /// <summary>Runs SQL on silo <paramref name="silo"/>'s own SQL service and returns the last result's rows.</summary>
    private async Task<IReadOnlyList<object?[]>> QueryAsync(int silo, string sql, params object?[] parameters)
    {
        var response = await Cluster.SiloService<SqlService>(silo).ExecuteAsync(new SqlRequest { Sql = sql, Parameters = parameters }, CancellationToken.None);
        Assert.True(response.Error is null, $"silo {silo}: {sql} → {response.Error}");
        return response.Results[^1].Rows;
    }

    /// <summary>
    /// The cluster and its data: table <c>t(id, v)</c> with ids 1..10,000, inserted through the Orleans
    /// client in 20 requests of 500 rows. Each request takes every 20th id, so every request writes into
    /// the whole key range and atoms split while they are being written to.
    /// </summary>
    public sealed class TenThousandRows : IAsyncLifetime
    {
        public const int RowCount = 10_000;
        public const int AtomSplitBytes = 16 * 1024;
        private const int Requests = 20;

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public static string ValueOf(int id) => $"row {id:D5}";

        public async Task InitializeAsync()
        {
            Cluster = await OrleansDbTestCluster.StartAsync(3, configure: o => o.AtomSplitBytes = AtomSplitBytes);
            var client = new OrleansDbClient(Cluster.Client);
            await client.ExecuteAsync("CREATE TABLE t(id INT PRIMARY KEY, v TEXT NOT NULL)");
            for (int request = 0; request < Requests; request++)
            {
                var ids = Enumerable.Range(0, RowCount / Requests).Select(i => 1 + request + (i * Requests));
                var result = await client.QueryAsync("INSERT INTO t VALUES " + string.Join(", ", ids.Select(id => $"({id}, '{ValueOf(id)}')")));
                if (result.RowsAffected != RowCount / Requests) throw new InvalidOperationException($"request {request} inserted {result.RowsAffected} rows");
            }
            await WaitForCatalogToSettleAsync();
        }

        public async Task DisposeAsync()
        {
            if (Cluster is null) return;
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        /// <summary>Splits run after the commits that trigger them: waits until every silo lists the same atoms for a while.</summary>
        private async Task WaitForCatalogToSettleAsync()
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            string? previous = null;
            int stableFor = 0;
            while (DateTime.UtcNow < deadline && stableFor < 5)
            {
                var versions = Enumerable.Range(0, Cluster.Silos.Count).Select(i => Cluster.SiloService<AtomStore>(i).Catalog.Version).Distinct().ToList();
                string current = versions.Count == 1 ? $"{versions[0]}:{string.Join(",", AtomPlacement.AtomsOf(Cluster, 0, "t"))}" : "";
                stableFor = current.Length > 0 && current == previous ? stableFor + 1 : 0;
                previous = current;
                await Task.Delay(200);
            }
        }
    }
}
