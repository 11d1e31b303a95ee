using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansDb.Archive;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Storage;

namespace OrleansDb.Log;

/// <summary>
/// This engine's end of the commit log. Batches arrive from the sequencer (possibly out of order or
/// twice); they are applied to the engine's <see cref="AtomStore"/> strictly in version order. A gap
/// is filled from the sequencer's retained batches or, failing that, by copying a complete archive's
/// state. An archive with a data directory journals each batch before applying it
/// (<see cref="ArchiveDurability"/>). After applying, the atoms the batch grew or created are handed to
/// <see cref="SplitRequests"/>, which asks for the splits of those over their bound.
/// </summary>
public sealed partial class LogService(
    AtomStore store,
    ArchiveDurability durability,
    SplitRequests splits,
    IGrainFactory grains,
    ClusterView cluster,
    IOptions<OrleansDbOptions> options,
    ILogger<LogService> logger)
{
    private readonly SortedDictionary<long, LogBatch> _waiting = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public AtomStore Store => store;

    public async Task DeliverAsync(LogBatch batch)
    {
        if (batch.LastVersion <= store.AppliedVersion) return;
        await _gate.WaitAsync();
        try
        {
            _waiting[batch.PreviousVersion] = batch;
            await DrainAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DrainAsync()
    {
        while (_waiting.Count > 0)
        {
            long applied = store.AppliedVersion;
            var first = _waiting.First();
            if (first.Value.LastVersion <= applied)
            {
                _waiting.Remove(first.Key);
                continue;
            }
            if (first.Key <= applied)
            {
                _waiting.Remove(first.Key);
                Apply(first.Value);
                continue;
            }
            await FillGapAsync(applied, first.Key);
            if (store.AppliedVersion == applied) return; // nothing filled the gap yet; a later delivery retries
        }
    }

    private void Apply(LogBatch batch)
    {
        // An archive journals (and fsyncs) the batch before applying it: applied means durable.
        durability.Storage?.Append(new JournalBatch(batch.PreviousVersion, batch.Versions, batch.Ops));
        // The atoms the batch grew or created (a split's right half may be far over the bound when a burst
        // of writes outran the splits): the candidates for a split.
        var changed = new HashSet<long>();
        for (int i = 0; i < batch.Versions.Length; i++)
        {
            long version = batch.Versions[i];
            if (version <= store.AppliedVersion) continue;
            var ops = LogCodec.Decode(batch.Ops[i]);
            store.Apply(version, ops, changed);
        }
        store.AdvanceTo(batch.LastVersion);
        splits.Request(changed);
        KeepCacheWithinBudget();
    }

    /// <summary>A cache engine's atoms grow as the log adds to them (and splits them): past the budget, the least recently used go.</summary>
    private void KeepCacheWithinBudget() => store.KeepWithinBudget(options.Value.CacheMemoryBytes);

    /// <summary>
    /// Closes the gap between the applied version and the next waiting batch: from the batches the
    /// sequencer retains, else from an archive peer's journal, else by copying an archive's whole state.
    /// </summary>
    private async Task FillGapAsync(long applied, long next)
    {
        LogGap(logger, applied, next);
        if (Following(await grains.GetGrain<ISequencerGrain>(0).GetBatchesAfter(applied), applied) is { } retained)
        {
            foreach (var batch in retained) Apply(batch);
            return;
        }
        var peers = cluster.ActiveArchives.Where(peer => !peer.Equals(cluster.LocalSilo)).ToList();
        foreach (var peer in peers)
        {
            try
            {
                if (Following(await grains.GetGrain<IEngineLogGrain>(ClusterView.Key(peer)).ReadJournal(applied, next), applied) is { } journaled)
                {
                    foreach (var batch in journaled) Apply(batch);
                    LogCaughtUpFromJournal(logger, peer.ToString(), journaled.Length, store.AppliedVersion);
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogJournalReadFailed(logger, peer.ToString(), e);
            }
        }
        foreach (var peer in peers)
        {
            try
            {
                var state = await grains.GetGrain<IEngineLogGrain>(ClusterView.Key(peer)).ExportState(next);
                store.ImportState(state);
                durability.StateReplaced();
                LogStateCopied(logger, peer.ToString(), store.AppliedVersion);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogStateCopyFailed(logger, peer.ToString(), e);
            }
        }
    }

    /// <summary>The batches when they continue the log right after <paramref name="applied"/>, else null.</summary>
    private static LogBatch[]? Following(LogBatch[]? batches, long applied) =>
        batches is { Length: > 0 } && batches[0].PreviousVersion <= applied ? batches : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up from the journal of {Peer}: {Batches} batches, now at version {Version}")]
    private static partial void LogCaughtUpFromJournal(ILogger logger, string peer, int batches, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the journal of {Peer} failed")]
    private static partial void LogJournalReadFailed(ILogger logger, string peer, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Log gap: applied through {Applied}, next batch follows {Next}; catching up")]
    private static partial void LogGap(ILogger logger, long applied, long next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied the engine state from {Peer} at version {Version}")]
    private static partial void LogStateCopied(ILogger logger, string peer, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying the engine state from {Peer} failed")]
    private static partial void LogStateCopyFailed(ILogger logger, string peer, Exception error);
}
