using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansDb.Archive;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Storage;

namespace OrleansDb.Log;

/// <summary>
/// Makes an archive engine durable when it has a data directory: on silo start, before the silo joins
/// the cluster, its <see cref="AtomStore"/> is recovered from the atom store and the journal; the log
/// service journals every batch before applying it; a background loop checkpoints (writes the changed
/// atoms to the atom store) once the journal passes <see cref="OrleansDbOptions.CheckpointJournalBytes"/>,
/// and a clean shutdown checkpoints so the next start replays nothing. Without a data directory, or on
/// a cache-only engine, it does nothing.
/// </summary>
public sealed partial class ArchiveDurability(AtomStore store, IOptions<OrleansDbOptions> options, ILogger<ArchiveDurability> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _checkpoints;

    /// <summary>The durable state, or null when this engine keeps everything in memory only.</summary>
    public ArchiveStorage? Storage { get; private set; }

    /// <summary>What recovery did on start; null before it ran or without durability.</summary>
    public ArchiveRecoveryReport? Recovery { get; private set; }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ArchiveDurability), ServiceLifecycleStage.RuntimeInitialize, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.DataDir is null || !o.Engine.IsArchive()) return Task.CompletedTask;
        var storage = new ArchiveStorage(Path.Combine(o.DataDir, "archive"), o.JournalSegmentBytes);
        var report = storage.Recover(store);
        if (report.Cut is not null) LogJournalCut(logger, report.Cut);
        LogRecovered(logger, storage.Directory, report.CheckpointVersion, report.LoadedAtoms, report.LoadElapsed.TotalMilliseconds,
            report.ReplayedBatches, report.ReplayedBytes, report.Version, report.Elapsed.TotalMilliseconds);
        Recovery = report;
        Storage = storage;
        _checkpoints = CheckpointLoopAsync(storage, _stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_checkpoints is not null) await _checkpoints;
        if (Storage is null) return;
        try
        {
            long version = Storage.Checkpoint(store);
            LogCheckpoint(logger, version, Storage.JournalBytes);
        }
        catch (IOException e)
        {
            LogCheckpointFailed(logger, e);
        }
        Storage.Dispose();
    }

    /// <summary>Called by the log service when it copied a peer's whole state: the journal restarts after it.</summary>
    public void StateReplaced()
    {
        if (Storage is null) return;
        long version = Storage.Checkpoint(store, restartJournal: true);
        LogCheckpoint(logger, version, Storage.JournalBytes);
    }

    private async Task CheckpointLoopAsync(ArchiveStorage storage, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                if (storage.JournalBytes < options.Value.CheckpointJournalBytes) continue;
                try
                {
                    long version = await Task.Run(() => storage.Checkpoint(store), cancellationToken);
                    LogCheckpoint(logger, version, storage.JournalBytes);
                }
                catch (IOException e)
                {
                    LogCheckpointFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal tail cut on recovery: {Cut}")]
    private static partial void LogJournalCut(ILogger logger, string cut);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Archive in {Directory} recovered: checkpoint at {Checkpoint} ({Atoms} atoms loaded in {LoadMilliseconds:F0} ms), {Batches} journal batches ({Bytes} bytes) replayed, now at version {Version}, in {Milliseconds:F0} ms")]
    private static partial void LogRecovered(ILogger logger, string directory, long checkpoint, int atoms, double loadMilliseconds, long batches, long bytes, long version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint written at version {Version}; journal now {Bytes} bytes")]
    private static partial void LogCheckpoint(ILogger logger, long version, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing a checkpoint failed; the journal keeps growing")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception error);
}
