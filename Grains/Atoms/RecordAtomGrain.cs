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
    /// Halves the atom until it is within its bound; each new right half is asked to check itself too,
    /// so a burst of writes that grew the atom far past the bound leaves no atom above it.
    /// </summary>
    public async Task CheckSplit()
    {
        // A cache engine may have evicted the atom (since the archive asked, or between two halvings): the split needs it here.
        while ((store.FindAtom(AtomId) ?? await FetchAsync(store.AppliedVersion)) is { } atom && atom.ByteSize > options.Value.AtomSplitBytes && atom.ChooseSplitKey() is { } splitKey)
        {
            long version = await GrainFactory.GetGrain<IRecordCatalogGrain>(atom.TableId).Split(AtomId, splitKey);
            if (version == 0) return;
            await store.WaitForVersionAsync(version).WaitAsync(options.Value.VersionWaitTimeout);
            LogSplit(logger, AtomId, version);
            if (atom.RightSibling is long right)
            {
                _ = GrainFactory.GetGrain<IRecordAtomGrain>(right).CheckSplit();
            }
        }
    }

    public Task<string> GetHost() => Task.FromResult(RuntimeIdentity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Atom {Atom} split at version {Version}")]
    private static partial void LogSplit(ILogger logger, long atom, long version);
}
