using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Sql;
using OrleansDb.Sql.Execution;
using OrleansDb.Storage;

namespace OrleansDb.Atoms;

/// <summary>
/// A record atom's originator, on the first live cache engine of the atom's ordered silo list. It
/// answers scans from this engine's copy of the atom (fetching the copy from an archive first when
/// this engine is cache-only) and decides when the atom splits.
/// </summary>
[OrderedSiloPlacement(EngineRole.Cache)]
[Reentrant]
public sealed partial class RecordAtomGrain(
    AtomStore store,
    ClusterView cluster,
    IOptions<OrleansDbOptions> options,
    ILogger<RecordAtomGrain> logger) : Grain, IRecordAtomGrain
{
    /// <summary>The running split loop, which every <see cref="CheckSplit"/> request joins; null or completed when none runs.</summary>
    private Task? _splitting;

    private long AtomId => this.GetPrimaryKeyLong();

    public async Task<AtomScanReply> Scan(byte[] request)
    {
        try
        {
            var scan = ScanCodec.DecodeRequest(request);
            await store.WaitForVersionAsync(scan.WaitVersion).WaitAsync(options.Value.VersionWaitTimeout);
            var atom = store.FindAtom(AtomId) ?? await FetchAsync(scan.WaitVersion)
                ?? throw new SqlException(SqlState.CannotConnectNow, $"atom {AtomId} is not available");
            return new AtomScanReply(ScanCodec.EncodeResult(AtomScanner.Execute(store, atom, scan)), null);
        }
        catch (SqlException e)
        {
            return new AtomScanReply([], new SqlError(e.SqlState, e.Message, null));
        }
        catch (TimeoutException)
        {
            return new AtomScanReply([], new SqlError(SqlState.CannotConnectNow, "this engine is behind the commit log; try again", null));
        }
    }

    /// <summary>Installs a copy of the atom from an archive (cache-only engines hold only what they fetched).</summary>
    private async Task<RecordAtom?> FetchAsync(long minVersion)
    {
        if (store.HoldsEverything) return null;
        foreach (var archive in cluster.ActiveArchives)
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var data = await GrainFactory.GetGrain<IEngineLogGrain>(ClusterView.Key(archive)).ExportAtom(AtomId, Math.Max(minVersion, store.AppliedVersion));
                if (data.Length == 0) break;
                if (store.Install(AtomStore.ImportAtom(data)) is { } installed)
                {
                    store.EvictToBudget(options.Value.CacheMemoryBytes, keep: AtomId);
                    return installed;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Halves the atom until it is within its bound. Every engine holding the atom asks after the
    /// batches that grow it, so requests arrive together: they share one split loop, which reads the
    /// atom afresh before each split. The right halves are asked in turn by the log services that apply
    /// the splits, and asked again until they are within the bound (<see cref="Log.SplitRequests"/>).
    /// </summary>
    public Task CheckSplit()
    {
        if (_splitting is not { IsCompleted: false }) _splitting = SplitWhileOversizedAsync();
        return _splitting;
    }

    private async Task SplitWhileOversizedAsync()
    {
        byte[]? refusedKey = null;
        while (await FindAtomToSplitAsync() is { } atom && atom.ChooseSplitKey() is { } splitKey)
        {
            // The same key again after catching up: the refusal was not this engine lagging (the atom left its
            // table, or the commit failed). The loop ends; the log services ask again later.
            if (refusedKey is not null && splitKey.AsSpan().SequenceEqual(refusedKey)) return;
            long version = await GrainFactory.GetGrain<IRecordCatalogGrain>(atom.TableId).Split(AtomId, splitKey);
            if (version == 0)
            {
                // The catalog may know the atom's range from a newer log than this engine applied: catch up, choose again.
                LogSplitRefused(logger, AtomId);
                refusedKey = splitKey;
                await CatchUpWithLogAsync();
                continue;
            }
            refusedKey = null;
            await store.WaitForVersionAsync(version).WaitAsync(options.Value.VersionWaitTimeout);
            LogSplit(logger, AtomId, version);
        }
    }

    /// <summary>
    /// The atom, when it needs a split. A cache engine may have evicted it (since an engine asked, or
    /// between two halvings): the split needs it here, so it is fetched again.
    /// </summary>
    private async Task<RecordAtom?> FindAtomToSplitAsync()
    {
        var atom = store.FindAtom(AtomId) ?? await FetchAsync(store.AppliedVersion);
        return atom is not null && atom.NeedsSplit(options.Value.AtomSplitBytes) ? atom : null;
    }

    /// <summary>Waits until this engine has applied every commit acknowledged so far, which covers what the catalog decided on.</summary>
    private async Task CatchUpWithLogAsync()
    {
        long readVersion = await GrainFactory.GetGrain<ISequencerGrain>(0).GetReadVersion();
        await store.WaitForVersionAsync(readVersion).WaitAsync(options.Value.VersionWaitTimeout);
    }

    public Task<string> GetHost() => Task.FromResult(RuntimeIdentity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Atom {Atom} split at version {Version}")]
    private static partial void LogSplit(ILogger logger, long atom, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The catalog refused to split atom {Atom} at the chosen key; catching up with the log")]
    private static partial void LogSplitRefused(ILogger logger, long atom);
}
