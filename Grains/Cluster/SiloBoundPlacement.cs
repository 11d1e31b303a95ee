using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace OrleansDb.Cluster;

/// <summary>
/// Places a per-silo grain on the silo its key names (<see cref="SiloAddress.ToParsableString"/>):
/// each engine's log service is such a grain. A call for a silo that is not active fails.
/// </summary>
public sealed class SiloBoundPlacement : PlacementStrategy
{
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloBoundPlacementAttribute() : PlacementAttribute(new SiloBoundPlacement());

public sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silo = SiloAddress.FromParsableString(target.GrainIdentity.Key.ToString()!);
        if (!context.GetCompatibleSilos(target).Contains(silo))
        {
            throw new SiloUnavailableException($"Silo {silo} is not active");
        }
        return Task.FromResult(silo);
    }
}
