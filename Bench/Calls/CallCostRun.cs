using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansDb.Bench.Measurement;
using OrleansDb.Bench.Targets;
using OrleansDb.Bench.Workloads;
using OrleansDb.Hosting;

namespace OrleansDb.Bench.Calls;

/// <summary>What <c>calls</c> is told on the command line.</summary>
public sealed record CallsSettings(
    int Silos, long Rows, int Operations, int WarmupOperations, int Concurrency, IReadOnlyList<string> Workloads,
    TimeSpan Idle, IsolationLevel Isolation, int Seed, string OutputDirectory);

/// <summary>
/// The grain calls one operation costs on an in-process cluster of OrleansDb silos (each cache and
/// archive, as the single-node default), reached through the .NET client as an application would.
/// Each workload runs a fixed number of operations after a warm-up, and every grain call the silos ran
/// meanwhile is divided by the operations: from the client, local, and cross-silo (a network hop in a
/// real cluster) — and the bytes the whole process (client and silos) allocated. Then the cluster idles, to measure the calls it makes on its own in the same time.
/// </summary>
public static class CallCostRun
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(CallsSettings settings, CancellationToken cancellationToken)
    {
        var counter = new CallCounter();
        Console.WriteLine($"calls: starting {settings.Silos} in-process silos");
        var cluster = await StartClusterAsync(settings.Silos, counter);
        try
        {
            await using var target = new OrleansDbClientTarget(cluster.Client);
            await target.OpenAsync(cancellationToken);
            var data = new Dataset(settings.Rows, batchRows: 1000);
            await data.LoadAsync(target, withOrders: false, cancellationToken);
            Console.WriteLine($"loaded {settings.Rows:N0} rows of kv through the client");

            var measured = new List<(string Workload, double Seconds, IReadOnlyDictionary<string, CallCounts> Counts, ErrorTally Errors, long Allocated)>();
            foreach (var id in settings.Workloads)
            {
                var operation = OperationOf(id, data, settings.Isolation);
                await RunOperationsAsync(target, operation, settings.WarmupOperations, settings.Concurrency, settings.Seed, cancellationToken);
                counter.Reset();
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var errors = await RunOperationsAsync(target, operation, settings.Operations, settings.Concurrency, settings.Seed + 1, cancellationToken);
                double seconds = watch.Elapsed.TotalSeconds;
                measured.Add((id, seconds, counter.Snapshot(), errors, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore));
            }

            // Idle last: right after the load the cluster is still splitting atoms, which is not its steady background.
            counter.Reset();
            await Task.Delay(settings.Idle, cancellationToken);
            var idle = counter.Snapshot();
            double idleCrossPerSecond = idle.Values.Sum(c => c.CrossSilo) / settings.Idle.TotalSeconds;
            var rows = measured.Select(m => CallCostRow.From(m.Workload, settings.Operations, m.Seconds, m.Counts, idleCrossPerSecond, m.Errors, m.Allocated)).ToList();
            CallCostReport.Print(settings, idle, rows);
            await WriteJsonAsync(settings, idleCrossPerSecond, rows);
            return 0;
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The cluster as the tests build it (OrleansDb's own hosting extension), plus the two counting filters on every silo.</summary>
    private static async Task<InProcessTestCluster> StartClusterAsync(int silos, CallCounter counter)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrleansDb();
            silo.Services.AddSingleton(counter);
            silo.AddOutgoingGrainCallFilter<CallOriginStampingFilter>();
            silo.AddIncomingGrainCallFilter<CallCountingFilter>();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static Func<IBenchSession, Random, Task> OperationOf(string workload, Dataset data, IsolationLevel isolation) => workload switch
    {
        "W1" => (s, r) => WorkloadCatalog.PointSelectAsync(s, r, data),
        "W2" => (s, r) => WorkloadCatalog.UpdateAsync(s, r, data),
        "W3" => (s, r) => WorkloadCatalog.ReadsThenUpdateAsync(s, r, data, isolation),
        _ => throw new ArgumentException($"calls measures W1, W2 and W3, not {workload}", nameof(workload)),
    };

    /// <summary>Runs <paramref name="count"/> operations split over <paramref name="concurrency"/> sessions; returns the failures.</summary>
    private static async Task<ErrorTally> RunOperationsAsync(
        IBenchTarget target, Func<IBenchSession, Random, Task> operation, int count, int concurrency, int seed, CancellationToken cancellationToken)
    {
        var sessions = await TimedRunner.OpenSessionsAsync(target, concurrency, cancellationToken);
        var errors = new ErrorTally();
        try
        {
            await Task.WhenAll(sessions.Select((session, i) => Task.Run(async () =>
            {
                var random = new Random(seed + i);
                for (int n = i; n < count; n += concurrency)
                {
                    try
                    {
                        await operation(session, random);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        await session.RollbackAsync();
                        lock (errors) errors.Record(e);
                    }
                }
            }, cancellationToken)));
            return errors;
        }
        finally
        {
            await TimedRunner.CloseSessionsAsync(sessions);
        }
    }

    private static async Task WriteJsonAsync(CallsSettings settings, double idleCrossPerSecond, IReadOnlyList<CallCostRow> rows)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        string path = Path.Combine(settings.OutputDirectory, $"calls-{DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", Invariant)}.json");
        var report = new
        {
            settings = new { settings.Silos, settings.Rows, settings.Operations, settings.WarmupOperations, settings.Concurrency, isolation = settings.Isolation.ToString() },
            idleCrossSiloCallsPerSecond = idleCrossPerSecond,
            workloads = rows,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        Console.WriteLine($"results: {path}");
    }
}
