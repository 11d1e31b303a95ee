using System.Diagnostics;
using OrleansDb.Tests.Http;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// Two cache silos and the one archive silo as separate processes (the first cache silo is the primary,
/// so membership outlives the archive). Clients insert three-row transactions through both cache silos;
/// the archive is killed with SIGKILL mid-load and started again on its data directory. While it is gone
/// nothing commits; once it has recovered, both cache silos commit again, every transaction acknowledged
/// before, during or after the outage is present, and none is partly present.
/// </summary>
public sealed class ArchiveRestartTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly ProcessCluster _cluster = new("archive-restart");

    public void Dispose() => _cluster.Dispose();

    [Fact(Timeout = 240_000)]
    public async Task Killing_And_Restarting_The_Archive_Loses_No_Acknowledged_Commit()
    {
        var first = await _cluster.StartAsync("cache");
        var archive = _cluster.Start("archive", first, "archive");
        var second = _cluster.Start("cache", first);
        await Task.WhenAll(archive.WaitHealthyAsync(ProcessCluster.StartTimeout), second.WaitHealthyAsync(ProcessCluster.StartTimeout));
        await first.Http.PostSqlOkAsync(BatchInsertLoad.TableSql);

        var load = BatchInsertLoad.Start([first, second], clients: 4);
        await Task.Delay(2000);
        int beforeKill = load.Acknowledged;
        archive.KillHard();
        var outage = Stopwatch.StartNew();
        await Task.Delay(3000);
        int duringOutage = load.Acknowledged - beforeKill;

        var restarted = _cluster.Start("archive", first, "archive");
        await restarted.WaitHealthyAsync(ProcessCluster.StartTimeout);
        var healthyAfter = outage.Elapsed;
        int atRestart = load.Acknowledged;
        var (firstAtRestart, secondAtRestart) = (load.AcknowledgedThrough(first), load.AcknowledgedThrough(second));
        var servedAfter = await Eventually.WithinAsync(outage, Limit, () => Task.FromResult(
            load.AcknowledgedThrough(first) > firstAtRestart + 10 && load.AcknowledgedThrough(second) > secondAtRestart + 10));
        await load.StopAsync();

        output.WriteLine($"{load.Acknowledged} transactions acknowledged: {beforeKill} before the kill, {duringOutage} in the 3 s after it, " +
            $"{load.Acknowledged - atRestart} after the restart; {load.Failed} failed or unknown. The archive was healthy again " +
            $"{healthyAfter.TotalSeconds:0.0} s after the kill, both caches committed again {servedAfter?.TotalSeconds:0.0} s after it.");
        output.WriteLine(RecoveryLine(restarted.Output()));
        foreach (var cache in new[] { first, second }) output.WriteLine(CatchUpLines(cache.Output()));
        Assert.True(servedAfter is not null, "the cache silos did not commit again after the archive came back");
        foreach (var silo in new[] { first, second, restarted })
        {
            var (missing, partial, present) = await load.CheckAsync(silo);
            Assert.True(missing.Count == 0, $"silo on {silo.HttpPort}: {missing.Count} acknowledged transactions missing, e.g. {string.Join(", ", missing.Take(5))}");
            Assert.Empty(partial);
            Assert.True(present >= load.Acknowledged);
        }
        Assert.NotNull(await Eventually.WithinAsync(outage, Limit, async () => await first.ActiveSiloCountAsync() == 3));
    }

    /// <summary>How a cache engine caught up with batches it missed while the archive was gone (from its log).</summary>
    private static string CatchUpLines(string log) =>
        string.Join(" | ", log.Split('\n').Where(line => line.Contains("Log gap", StringComparison.Ordinal) || line.Contains("Caught up", StringComparison.Ordinal) || line.Contains("Copied", StringComparison.Ordinal)).Select(line => line.Trim()).DefaultIfEmpty("no catch-up in a cache engine's log"));

    private static string RecoveryLine(string log) =>
        log.Split('\n').FirstOrDefault(line => line.Contains("recovered: checkpoint at", StringComparison.Ordinal))?.Trim() ?? "no recovery line in the archive's log";
}
