using Microsoft.Extensions.Logging;
using OrleansDb.Cluster;

namespace OrleansDb.Transactions;

public sealed partial class SequencerGrain
{
    private readonly Dictionary<SiloAddress, CacheFeed> _cacheFeeds = [];
    private readonly Dictionary<SiloAddress, IEngineLogGrain> _engineLogs = [];

    /// <summary>
    /// Delivers a batch to the archives and waits until each has applied it (journaled it first, when
    /// durable); only then is it handed to the cache engines, so no cache engine ever shows a commit the
    /// archives could still lose. A silo whose role is not known yet (its metadata has not arrived) is
    /// treated like an archive.
    /// </summary>
    private async Task DeliverAsync(LogBatch batch)
    {
        var silos = cluster.ActiveSilos;
        var caches = silos.Where(s => cluster.RoleOf(s) is { } role && !role.IsArchive()).ToList();
        await Task.WhenAll(silos.Except(caches).Select(silo => DeliverToAsync(silo, batch)));
        foreach (var silo in caches) Feed(silo, batch);
    }

    /// <summary>
    /// A cache engine's batches in version order, one call at a time: batches that arrive while a call is
    /// out are merged into the next call. Concurrent calls could overtake each other and leave the engine
    /// a gap to fill; one call at a time never does, and merging keeps up with any commit rate.
    /// </summary>
    private sealed class CacheFeed
    {
        public List<LogBatch> Queue { get; } = [];

        public bool Sending { get; set; }
    }

    private void Feed(SiloAddress silo, LogBatch batch)
    {
        if (!_cacheFeeds.TryGetValue(silo, out var feed)) _cacheFeeds[silo] = feed = new CacheFeed();
        feed.Queue.Add(batch);
        if (feed.Sending) return;
        feed.Sending = true;
        _ = SendFeedAsync(silo, feed);
    }

    /// <summary>Runs on the grain's scheduler (like every turn of this grain), so the feed needs no lock.</summary>
    private async Task SendFeedAsync(SiloAddress silo, CacheFeed feed)
    {
        try
        {
            while (feed.Queue.Count > 0)
            {
                var batch = MergeChained(feed.Queue);
                await DeliverToAsync(silo, batch);
            }
        }
        finally
        {
            feed.Sending = false;
            if (!cluster.IsActive(silo)) _cacheFeeds.Remove(silo);
        }
    }

    /// <summary>
    /// Takes the longest run of queued batches that follow each other (each starting where the one before
    /// ended) off the front of the queue, as one batch.
    /// </summary>
    private static LogBatch MergeChained(List<LogBatch> queue)
    {
        int run = 1;
        while (run < queue.Count && queue[run].PreviousVersion == queue[run - 1].LastVersion) run++;
        var taken = queue.GetRange(0, run);
        queue.RemoveRange(0, run);
        if (run == 1) return taken[0];
        return new LogBatch
        {
            PreviousVersion = taken[0].PreviousVersion,
            Versions = [.. taken.SelectMany(b => b.Versions)],
            Ops = [.. taken.SelectMany(b => b.Ops)],
        };
    }

    private async Task DeliverToAsync(SiloAddress silo, LogBatch batch)
    {
        var log = EngineLog(silo);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await log.Deliver(batch).WaitAsync(TimeSpan.FromSeconds(10));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (!cluster.IsActive(silo)) return; // a dead engine catches up from its peers when it returns
                LogDeliveryRetry(logger, silo.ToString(), batch.LastVersion, attempt, e);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5))));
            }
        }
    }

    /// <summary>A silo's log grain; references are kept, resolving one per delivery costs more than the call's own work.</summary>
    private IEngineLogGrain EngineLog(SiloAddress silo)
    {
        if (!_engineLogs.TryGetValue(silo, out var log)) _engineLogs[silo] = log = GrainFactory.GetGrain<IEngineLogGrain>(ClusterView.Key(silo));
        return log;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering batch {Version} to {Silo} failed (attempt {Attempt}); retrying")]
    private static partial void LogDeliveryRetry(ILogger logger, string silo, long version, int attempt, Exception error);
}
