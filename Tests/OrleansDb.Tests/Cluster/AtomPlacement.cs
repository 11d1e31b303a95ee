using Orleans.TestingHost;
using OrleansDb.Cluster;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;

namespace OrleansDb.Tests.Cluster;

/// <summary>A table's record atoms in a test cluster: what the catalog lists, where they must and do live.</summary>
public static class AtomPlacement
{
    /// <summary>The record atom ids of table <c>public.<paramref name="table"/></c> in silo <paramref name="silo"/>'s catalog.</summary>
    public static IReadOnlyList<long> AtomsOf(InProcessTestCluster cluster, int silo, string table) =>
        cluster.SiloService<AtomStore>(silo).Catalog.FindTable("public", table)?.Atoms.AllAtoms.ToList()
            ?? throw new InvalidOperationException($"silo {silo} has no table {table}");

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
