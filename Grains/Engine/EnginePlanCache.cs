using Microsoft.Extensions.Options;
using OrleansDb.Configuration;
using OrleansDb.Sql.Execution;

namespace OrleansDb.Engine;

/// <summary>This engine's <see cref="PlanCache"/>, shared by its sessions; null when <see cref="OrleansDbOptions.PlanCacheSize"/> is 0.</summary>
public sealed class EnginePlanCache(IOptions<OrleansDbOptions> options)
{
    public PlanCache? Cache { get; } = options.Value.PlanCacheSize > 0 ? new PlanCache(options.Value.PlanCacheSize) : null;
}
