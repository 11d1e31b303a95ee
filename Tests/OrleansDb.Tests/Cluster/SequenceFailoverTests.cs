using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// Eight clients call nextval through three silos while the silo holding the sequence's originator is
/// killed: the next originator continues after the recorded high water, so no value is handed out twice.
/// </summary>
public sealed class SequenceFailoverTests(ITestOutputHelper output)
{
    private const int Clients = 8;

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    public async Task No_Value_Is_Handed_Out_Twice_When_The_Originator_Dies(int cache)
    {
        var cluster = await OrleansDbTestCluster.StartAsync(3);
        try
        {
            await RunAsync(cluster.Silos[0], $"CREATE SEQUENCE failover_seq CACHE {cache}");
            long id = cluster.SiloService<AtomStore>(0).Catalog.FindSequence("public", "failover_seq")!.Schema.Id;
            string host = await cluster.Client.GetGrain<ISequenceAtomGrain>(id).GetHost();
            var originator = cluster.Silos.Single(s => s.SiloAddress.ToString() == host);

            var values = new ConcurrentQueue<(long Value, bool AfterKill)>();
            int errors = 0;
            bool killed = false;
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    var silos = cluster.Silos.Where(s => s != originator || !Volatile.Read(ref killed)).ToList();
                    var silo = silos[(client + i) % silos.Count];
                    bool afterKill = Volatile.Read(ref killed);
                    try
                    {
                        var rows = await RunAsync(silo, "SELECT nextval('failover_seq')");
                        values.Enqueue((Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture), afterKill));
                    }
                    catch (Exception)
                    {
                        // The killed silo (a call to it may end only after the clients were told to stop), or a
                        // call caught while the originator moves: no value was handed out to us.
                        if (stop.IsCancellationRequested) break;
                        Interlocked.Increment(ref errors);
                        await Task.Delay(20);
                    }
                }
            })).ToList();

            await WaitUntilAsync(() => values.Count >= 300);
            Volatile.Write(ref killed, true);
            var watch = Stopwatch.StartNew();
            await cluster.KillSiloAsync(originator);
            int before = values.Count;
            await WaitUntilAsync(() => values.Count(v => v.AfterKill) >= 300);
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            var all = values.Select(v => v.Value).ToList();
            var duplicates = all.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            string newHost = await cluster.Client.GetGrain<ISequenceAtomGrain>(id).GetHost();
            output.WriteLine($"cache {cache}: {all.Count} values ({before} before the kill), {errors} failed calls, " +
                $"originator {host} → {newHost}, {watch.ElapsedMilliseconds} ms to 300 values after the kill, max value {all.Max()}");
            Assert.Empty(duplicates);
            Assert.NotEqual(host, newHost);
            Assert.True(values.Count(v => v.AfterKill) >= 300);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<IReadOnlyList<object?[]>> RunAsync(InProcessSiloHandle silo, string sql)
    {
        var sqlService = silo.SiloHost.Services.GetService(typeof(SqlService)) as SqlService
            ?? throw new InvalidOperationException("the silo has no SQL service");
        var response = await sqlService.ExecuteAsync(new SqlRequest { Sql = sql }, CancellationToken.None);
        if (response.Error is { } error) throw new InvalidOperationException($"{sql}: {error.Code} {error.Message}");
        return response.Results[^1].Rows;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the clients made no progress within 60 s");
            await Task.Delay(20);
        }
    }
}
