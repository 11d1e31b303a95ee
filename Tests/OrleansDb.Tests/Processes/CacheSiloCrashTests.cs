using System.Diagnostics;
using OrleansDb.Tests.Http;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// One archive silo and two cache silos as separate processes. Clients insert three-row transactions
/// through both cache silos; one cache silo is killed with SIGKILL mid-load. Once membership declares it
/// dead the other cache silo serves again (its atoms re-activate there from the archive), every
/// acknowledged transaction is present and none is partly present.
/// </summary>
public sealed class CacheSiloCrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly ProcessCluster _cluster = new("cache-crash");

    public void Dispose() => _cluster.Dispose();

    [Fact(Timeout = 180_000)]
    public async Task Killing_A_Cache_Silo_Loses_No_Acknowledged_Commit()
    {
        var archive = await _cluster.StartAsync("archive");
        var (survivor, victim) = (_cluster.Start("cache", archive), _cluster.Start("cache", archive));
        await Task.WhenAll(survivor.WaitHealthyAsync(ProcessCluster.StartTimeout), victim.WaitHealthyAsync(ProcessCluster.StartTimeout));
        await survivor.Http.PostSqlOkAsync(BatchInsertLoad.TableSql);

        var load = BatchInsertLoad.Start([survivor, victim], clients: 4);
        await Task.Delay(1500);
        int before = load.Acknowledged;
        load.Abandon(victim);
        victim.KillHard();
        var sinceKill = Stopwatch.StartNew();
        // Membership declares the victim dead; the survivor keeps taking writes (some fail until then) and after it.
        var noticed = await Eventually.WithinAsync(sinceKill, Limit, async () => await survivor.ActiveSiloCountAsync() == 2);
        int atNotice = load.Acknowledged;
        var servedAfter = await Eventually.WithinAsync(sinceKill, Limit, () => Task.FromResult(load.Acknowledged > atNotice + 10));
        await load.StopAsync();

        var (missing, partial, present) = await load.CheckAsync(survivor);
        output.WriteLine($"{load.Acknowledged} transactions acknowledged ({before} before the kill), {load.Failed} failed or unknown, " +
            $"{present} present; membership removed the victim {noticed?.TotalSeconds:0.0} s after the kill, " +
            $"and the survivor had committed 10 more {servedAfter?.TotalSeconds:0.0} s after it");
        Assert.Empty(missing);
        Assert.Empty(partial);
        Assert.True(noticed is not null, "the cluster still lists the killed silo a minute after the kill");
        Assert.True(servedAfter is not null, "the surviving cache silo did not commit after membership removed the victim");

    }
}
