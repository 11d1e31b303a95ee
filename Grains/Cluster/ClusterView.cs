using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansDb.Cluster;

/// <summary>The live silos of the cluster and their engine roles, as this silo currently sees them.</summary>
public sealed class ClusterView(IClusterMembershipService membership, ISiloMetadataCache metadata, ILocalSiloDetails local)
{
    public SiloAddress LocalSilo => local.SiloAddress;

    public IReadOnlyList<SiloAddress> ActiveSilos =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();

    public EngineRole? RoleOf(SiloAddress silo) =>
        EngineRoles.Parse(metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(EngineRoles.MetadataKey));

    public IReadOnlyList<SiloAddress> ActiveArchives =>
        ActiveSilos.Where(s => RoleOf(s) is { } role && role.IsArchive()).ToList();

    public bool IsActive(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;

    public static string Key(SiloAddress silo) => silo.ToParsableString();
}
