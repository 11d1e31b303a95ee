using Orleans.TestingHost;
using OrleansDb.Cluster;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Cluster;

/// <summary>A table's record atoms in a test cluster: what the catalog lists, how large they are, where they must and do live.</summary>
public static class AtomPlacement
{
    /// <summary>
    /// The atom ids of table or index <c>public.<paramref name="table"/></c> in silo <paramref name="silo"/>'s
    /// catalog: record atoms of a table, index atoms of an index.
    /// </summary>
    public static IReadOnlyList<long> AtomsOf(InProcessTestCluster cluster, int silo, string table)
    {
        var catalog = cluster.SiloService<AtomStore>(silo).Catalog;
        var atoms = catalog.FindTable("public", table)?.Atoms ?? catalog.FindIndex("public", table)?.Atoms
            ?? throw new InvalidOperationException($"silo {silo} has no table or index {table}");
        return [.. atoms.AllAtoms];
    }

    /// <summary>
    /// Waits until no silo holds an atom of table <c>public.<paramref name="table"/></c> larger than
    /// <paramref name="boundBytes"/>. Splits run after the commits that trigger them, so this polls;
    /// after <paramref name="patience"/> it fails with the atom sizes of every silo that still has one.
    /// </summary>
    public static async Task WaitUntilNoAtomExceedsAsync(InProcessTestCluster cluster, string table, long boundBytes, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (OversizedAtoms(cluster, table, boundBytes) is { Count: > 0 } oversized)
        {
            Assert.True(DateTime.UtcNow < deadline, string.Join(Environment.NewLine, oversized));
            await Task.Delay(200);
        }
    }

    /// <summary>For each silo that holds an atom of the table over the bound: the sizes of all its atoms, in key order.</summary>
    private static List<string> OversizedAtoms(InProcessTestCluster cluster, string table, long boundBytes)
    {
        var oversized = new List<string>();
        for (int silo = 0; silo < cluster.Silos.Count; silo++)
        {
            var store = cluster.SiloService<AtomStore>(silo);
            var sizes = AtomsOf(cluster, silo, table).Select(a => store.FindAtom(a)?.ByteSize ?? 0).ToList();
            if (sizes.Any(size => size > boundBytes)) oversized.Add($"silo {silo} atom sizes: {string.Join(", ", sizes)}");
        }
        return oversized;
    }

    /// <summary>
    /// The silo that must host the atom's originator: the first of the atom's ordered silo list among the
    /// live silos whose engine role serves cache.
    /// </summary>
    public static SiloAddress ExpectedOriginator(InProcessTestCluster cluster, long atomId)
    {
        var view = cluster.SiloService<ClusterView>(0);
        var cacheSilos = cluster.Silos.Select(s => s.SiloAddress).Where(s => view.RoleOf(s) is { } role && role.IsCache());
        return OrderedSiloList.For(GrainIdOf(cluster, atomId), cacheSilos)[0];
    }

    /// <summary>The grain id Orleans gives the atom's grain (its type plus the integer key).</summary>
    public static GrainId GrainIdOf(InProcessTestCluster cluster, long atomId) =>
        cluster.Client.GetGrain<IRecordAtomGrain>(atomId).GetGrainId();

    /// <summary>Every live record atom activation in the cluster and the silo it is on, as the silos report them.</summary>
    public static async Task<IReadOnlyDictionary<GrainId, SiloAddress>> ActivationsAsync(InProcessTestCluster cluster)
    {
        var atomType = GrainIdOf(cluster, 0).Type;
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Where(s => s.GrainId.Type == atomType).ToDictionary(s => s.GrainId, s => s.SiloAddress);
    }
}
