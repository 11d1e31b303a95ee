using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Engine;
using OrleansDb.Log;
using OrleansDb.Storage;

namespace OrleansDb.Hosting;

public static class OrleansDbSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo an OrleansDb engine: its role goes into the silo metadata, the ordered and
    /// per-silo placements are registered, and the engine's store, log service and SQL service are added.
    /// </summary>
    public static ISiloBuilder AddOrleansDb(this ISiloBuilder silo, Action<OrleansDbOptions>? configure = null)
    {
        var options = new OrleansDbOptions();
        configure?.Invoke(options);
        silo.UseSiloMetadata(new Dictionary<string, string> { [EngineRoles.MetadataKey] = options.Engine.ToMetadata() });
        silo.Services.AddPlacementDirector<OrderedSiloPlacement, OrderedSiloPlacementDirector>(ServiceLifetime.Transient);
        silo.Services.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        silo.Services.AddOptions<OrleansDbOptions>().Configure(o =>
        {
            o.Engine = options.Engine;
            o.AtomSplitBytes = options.AtomSplitBytes;
            o.VersionWaitTimeout = options.VersionWaitTimeout;
            o.IdBlockSize = options.IdBlockSize;
            o.SessionIdleTimeout = options.SessionIdleTimeout;
            o.PlanCacheSize = options.PlanCacheSize;
            o.DataDir = options.DataDir;
            o.JournalSegmentBytes = options.JournalSegmentBytes;
            o.CheckpointJournalBytes = options.CheckpointJournalBytes;
            o.CacheMemoryBytes = options.CacheMemoryBytes;
        }).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<OrleansDbOptions>, OrleansDbOptionsValidator>();
        silo.Services.AddSingleton(sp => new AtomStore(sp.GetRequiredService<IOptions<OrleansDbOptions>>().Value.Engine.IsArchive()));
        silo.Services.AddSingleton<ClusterView>();
        silo.Services.AddSingleton<LogService>();
        silo.Services.AddSingleton<SplitRequests>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SplitRequests>());
        silo.Services.AddSingleton<ArchiveDurability>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ArchiveDurability>());
        silo.Services.AddSingleton(sp => new IdBlockAllocator(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<OrleansDbOptions>>().Value.IdBlockSize));
        silo.Services.AddSingleton<SequenceCache>();
        silo.Services.AddSingleton<EnginePlanCache>();
        silo.Services.AddSingleton<ReadVersionSource>();
        silo.Services.AddSingleton<GrainDataAccess>();
        silo.Services.AddSingleton<SqlService>();
        silo.Services.AddSingleton<SessionManager>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<SessionManager>());
        return silo;
    }
}
