using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace OrleansDb.Cluster;

/// <summary>
/// Places an atom's activation (its originator) on the first live silo of the atom's
/// <see cref="OrderedSiloList"/> among the silos whose engine role serves <see cref="Role"/>.
/// </summary>
public sealed class OrderedSiloPlacement : PlacementStrategy
{
    private const string RoleKey = "ordered-placement.role";

    public OrderedSiloPlacement()
    {
    }

    public OrderedSiloPlacement(EngineRole role)
    {
        Role = role;
    }

    public EngineRole Role { get; private set; }

    public override void Initialize(GrainProperties properties)
    {
        Role = properties.Properties.TryGetValue(RoleKey, out var value) && EngineRoles.Parse(value) is { } role ? role : EngineRole.Both;
    }

    public override void PopulateGrainProperties(IServiceProvider services, Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        base.PopulateGrainProperties(services, grainClass, grainType, properties);
        properties[RoleKey] = Role.ToMetadata();
    }
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OrderedSiloPlacementAttribute(EngineRole role) : PlacementAttribute(new OrderedSiloPlacement(role));

public sealed class OrderedSiloPlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var role = ((OrderedSiloPlacement)strategy).Role;
        var eligible = context.GetCompatibleSilos(target)
            .Where(s => EngineRoles.Serves(metadata.GetSiloMetadata(s).Metadata.GetValueOrDefault(EngineRoles.MetadataKey), role));
        var ordered = OrderedSiloList.For(target.GrainIdentity, eligible);
        if (ordered.Count == 0)
        {
            throw new OrleansException($"No live silo with engine role '{role.ToMetadata()}' can host {target.GrainIdentity}");
        }
        return Task.FromResult(ordered[0]);
    }
}
