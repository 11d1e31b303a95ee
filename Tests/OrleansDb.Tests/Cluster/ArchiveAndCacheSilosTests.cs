using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Cluster;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// One archive engine (silo 0) and two cache engines (silos 1 and 2): rows written through either cache
/// silo read the same through both, and record atoms are activated only on the cache silos.
/// </summary>
public sealed class ArchiveAndCacheSilosTests(ArchiveAndCacheSilosTests.OneArchiveTwoCaches data) : IClassFixture<ArchiveAndCacheSilosTests.OneArchiveTwoCaches>
{
    private const int Archive = 0;
    private static readonly int[] CacheSilos = [1, 2];

    private InProcessTestCluster Cluster => data.Cluster;

    [Fact]
    public async Task Rows_Written_Through_Either_Cache_Silo_Read_The_Same_Through_Both()
    {
        var expected = Enumerable.Range(1, OneArchiveTwoCaches.RowCount).Select(OneArchiveTwoCaches.ValueOf).ToList();
        foreach (int silo in CacheSilos)
        {
            var rows = await QueryAsync(silo, "SELECT id, v FROM t ORDER BY id");

            Assert.Equal(expected, rows.Select(r => (string?)r[1]));
        }
    }

    [Fact]
    public async Task Both_Cache_Silos_Answer_Point_Lookups_And_Range_Scans()
    {
        foreach (int silo in CacheSilos)
        {
            var point = await QueryAsync(silo, "SELECT v FROM t WHERE id = $1", 1234);
            var range = await QueryAsync(silo, "SELECT id FROM t WHERE id > $1 AND id <= $2 ORDER BY id", 100, 2_900);

            Assert.Equal(OneArchiveTwoCaches.ValueOf(1234), Assert.Single(point)[0]);
            Assert.Equal(Enumerable.Range(101, 2_800).Select(i => (long)i), range.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task A_Change_Through_One_Cache_Silo_Is_Read_Through_The_Other()
    {
        await QueryAsync(2, "CREATE TABLE changed(id INT PRIMARY KEY, v TEXT)");
        await QueryAsync(1, "INSERT INTO changed VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        await QueryAsync(2, "UPDATE changed SET v = 'TWO' WHERE id = 2");
        await QueryAsync(1, "DELETE FROM changed WHERE id = 3");

        foreach (int silo in CacheSilos)
        {
            var rows = await QueryAsync(silo, "SELECT id, v FROM changed ORDER BY id");

            Assert.Equal(["1:one", "2:TWO"], rows.Select(r => $"{r[0]}:{r[1]}"));
        }
    }

    [Fact]
    public async Task Record_Atoms_Are_Activated_Only_On_Cache_Silos()
    {
        foreach (int silo in CacheSilos) await QueryAsync(silo, "SELECT id FROM t");
        var atoms = AtomPlacement.AtomsOf(Cluster, Archive, "t");
        var archive = Cluster.Silos[Archive].SiloAddress;

        var activations = await AtomPlacement.ActivationsAsync(Cluster);

        // A cache engine scans the copies it holds itself; an atom it does not hold is read through the
        // originator, which fetches it from the archive — so some atoms are activated, never on the archive.
        Assert.True(atoms.Count > 1, $"the table has {atoms.Count} atom(s)");
        Assert.DoesNotContain(archive, activations.Values);
        int activated = 0;
        foreach (long atom in atoms)
        {
            var expected = AtomPlacement.ExpectedOriginator(Cluster, atom);
            Assert.NotEqual(archive, expected);
            if (!activations.TryGetValue(AtomPlacement.GrainIdOf(Cluster, atom), out var actual)) continue;
            Assert.Equal(expected, actual);
            activated++;
        }
        Assert.True(activated > 0, "no record atom was activated");
    }

    private async Task<IReadOnlyList<object?[]>> QueryAsync(int silo, string sql, params object?[] parameters)
    {
        var response = await Cluster.SiloService<SqlService>(silo).ExecuteAsync(new SqlRequest { Sql = sql, Parameters = parameters }, CancellationToken.None);
        Assert.True(response.Error is null, $"silo {silo}: {sql} → {response.Error}");
        return response.Results[^1].Rows;
    }

    /// <summary>
    /// The cluster and table <c>t(id, v)</c> with ids 1..3,000, inserted in requests of 250 rows that
    /// alternate between the two cache silos.
    /// </summary>
    public sealed class OneArchiveTwoCaches : IAsyncLifetime
    {
        public const int RowCount = 3_000;
        private const int RowsPerRequest = 250;

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public static string ValueOf(int id) => $"value {id:D4}";

        public async Task InitializeAsync()
        {
            Cluster = await OrleansDbTestCluster.StartAsync(3, roleOf: i => i == Archive ? EngineRole.Archive : EngineRole.Cache, configure: o => o.AtomSplitBytes = 8 * 1024);
            await ExecuteAsync(CacheSilos[0], "CREATE TABLE t(id INT PRIMARY KEY, v TEXT NOT NULL)");
            for (int first = 1, request = 0; first <= RowCount; first += RowsPerRequest, request++)
            {
                var ids = Enumerable.Range(first, RowsPerRequest);
                await ExecuteAsync(CacheSilos[request % 2], "INSERT INTO t VALUES " + string.Join(", ", ids.Select(id => $"({id}, '{ValueOf(id)}')")));
            }
        }

        public async Task DisposeAsync()
        {
            if (Cluster is null) return;
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        private async Task ExecuteAsync(int silo, string sql)
        {
            var response = await Cluster.SiloService<SqlService>(silo).ExecuteAsync(new SqlRequest { Sql = sql }, CancellationToken.None);
            if (response.Error is { } error) throw new InvalidOperationException($"silo {silo}: {error}");
        }
    }
}
