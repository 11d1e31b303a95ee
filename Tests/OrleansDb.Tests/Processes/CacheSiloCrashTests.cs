using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
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
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("orleansdb-cache-crash-").FullName;
    private readonly List<SiloProcess> _silos = [];

    public void Dispose()
    {
        foreach (var silo in _silos) silo.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned by the system.
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Killing_A_Cache_Silo_Loses_No_Acknowledged_Commit()
    {
        string dll = await SiloBinary.LocateAsync();
        int[] ports = FreeTcpPorts.Take(9);
        string clusterId = $"cache-crash-{Guid.NewGuid():N}";
        SiloProcess Start(int i, string engine, int? join) => SiloProcess.Start(dll, ports[i], ports[3 + i], ports[6 + i],
            Path.Combine(_root, $"silo{i}"), clusterId, join, ["--engine", engine, "--OrleansDb:AtomSplitBytes", "8192"]);
        var archive = Start(0, "archive", null);
        _silos.Add(archive);
        await archive.WaitHealthyAsync(StartTimeout);
        var (survivor, victim) = (Start(1, "cache", archive.SiloPort), Start(2, "cache", archive.SiloPort));
        _silos.AddRange([survivor, victim]);
        await Task.WhenAll(survivor.WaitHealthyAsync(StartTimeout), victim.WaitHealthyAsync(StartTimeout));
        await survivor.Http.PostSqlOkAsync("CREATE TABLE rows (id bigint PRIMARY KEY, batch bigint NOT NULL)");

        var acknowledged = new ConcurrentBag<long>();
        long nextBatch = 0, unknown = 0;
        bool killed = false;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            var silo = client % 2 == 0 ? survivor : victim;
            while (!stop.IsCancellationRequested && !(silo == victim && Volatile.Read(ref killed)))
            {
                long batch = Interlocked.Increment(ref nextBatch);
                try
                {
                    var reply = await silo.Http.PostSqlAsync($"INSERT INTO rows VALUES ({3 * batch}, {batch}), ({3 * batch + 1}, {batch}), ({3 * batch + 2}, {batch})");
                    if (reply.Status == HttpStatusCode.OK) acknowledged.Add(batch);
                    else Interlocked.Increment(ref unknown);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref unknown);
                }
            }
        })).ToList();

        await Task.Delay(1500);
        int before = acknowledged.Count;
        victim.KillHard();
        Volatile.Write(ref killed, true);
        var sinceKill = System.Diagnostics.Stopwatch.StartNew();
        // The survivor keeps taking writes; some fail until membership declares the victim dead.
        TimeSpan? servedAfter = null;
        for (int attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(500);
            var probe = await survivor.Http.PostSqlAsync("SELECT count(*) FROM rows");
            if (probe.Status == HttpStatusCode.OK && acknowledged.Count > before + 10)
            {
                servedAfter = sinceKill.Elapsed;
                break;
            }
        }
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var rows = await survivor.Http.PostSqlOkAsync("SELECT batch, count(*) FROM rows GROUP BY batch");
        var present = rows.Last.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetInt64(), r => r[1].GetInt64());
        var missing = acknowledged.Where(b => !present.ContainsKey(b)).ToList();
        var partial = present.Where(p => p.Value != 3).Select(p => p.Key).ToList();
        output.WriteLine($"{acknowledged.Count} transactions acknowledged ({before} before the kill), {unknown} failed or unknown, " +
            $"{present.Count} present; the survivor served new commits again {servedAfter?.TotalSeconds:0.0} s after the kill");
        Assert.Empty(missing);
        Assert.Empty(partial);
        Assert.True(acknowledged.Count > before, "the surviving cache silo never served again after the kill");

        using var cluster = JsonDocument.Parse(await survivor.Http.GetStringAsync("/v1/cluster"));
        Assert.Equal(2, cluster.RootElement.GetProperty("silos").GetArrayLength());
    }
}
