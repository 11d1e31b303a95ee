using Orleans.Concurrency;
using OrleansDb.Cluster;

namespace OrleansDb.Log;

/// <summary>The per-silo grain through which the sequencer and peers reach this engine's <see cref="LogService"/>.</summary>
[SiloBoundPlacement]
[Reentrant]
public sealed class EngineLogGrain(LogService log, ArchiveDurability durability) : Grain, IEngineLogGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(3650));
        return Task.CompletedTask;
    }

    public Task Deliver(LogBatch batch) => log.DeliverAsync(batch);

    public Task<EngineLogState> GetState()
    {
        var storage = durability.Storage;
        return Task.FromResult(new EngineLogState(log.Store.AppliedVersion, log.Store.IdHighWater, log.Store.HoldsEverything,
            storage is not null, storage?.JournalBytes ?? 0, storage?.CheckpointVersion ?? 0, storage?.Syncs ?? 0,
            storage?.AtomStoreBytes ?? 0, log.Store.HeldBytes, log.Store.AtomCount));
    }

    public async Task<byte[]> ExportState(long minVersion)
    {
        await log.Store.WaitForVersionAsync(minVersion).WaitAsync(TimeSpan.FromSeconds(30));
        return log.Store.ExportState();
    }

    public async Task<LogBatch[]> ReadJournal(long afterVersion, long throughVersion)
    {
        if (durability.Storage is not { } storage) return [];
        var batches = await Task.Run(() => storage.ReadJournal(afterVersion, throughVersion, ReadJournalBytes));
        return [.. batches.Select(b => new LogBatch { PreviousVersion = b.PreviousVersion, Versions = b.Versions, Ops = b.Ops })];
    }

    /// <summary>How much of the journal one <see cref="ReadJournal"/> call returns at most: a far-behind engine asks again.</summary>
    private const long ReadJournalBytes = 16L << 20;

    public async Task<byte[]> ExportAtom(long atomId, long minVersion)
    {
        await log.Store.WaitForVersionAsync(minVersion).WaitAsync(TimeSpan.FromSeconds(30));
        return log.Store.ExportAtom(atomId);
    }
}
