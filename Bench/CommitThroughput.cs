using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansDb.Bench;

/// <summary>
/// Commit throughput against a running silo: each writer inserts one row per autocommit request, with
/// a key no other writer uses, so every request is one commit and none conflicts. Per level: commits/s,
/// latency percentiles, errors, from the sequencer's counters the mean commits per log batch, and from the
/// archives' journals (GET /v1/cluster) fsyncs per second and commits per fsync.
/// </summary>
public static class CommitThroughput
{
    public static async Task<int> RunAsync(Uri url, int[] levels, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        await SqlAsync(http, "DROP TABLE IF EXISTS bench_commits; CREATE TABLE bench_commits (k bigint PRIMARY KEY, v text)", cancellationToken);
        Console.WriteLine($"commit throughput against {url}: one-row autocommit INSERT per request, {duration.TotalSeconds:0} s per level after {warmup.TotalSeconds:0} s warm-up");
        Console.WriteLine("writers  commits/s   p50 ms   p99 ms  errors  commits/batch  largest batch  fsyncs/s  commits/fsync");
        long nextKey = 0;
        foreach (int writers in levels)
        {
            await RunLevelAsync(http, writers, warmup, () => Interlocked.Increment(ref nextKey), cancellationToken);
            var before = await StatsAsync(http, cancellationToken);
            var (count, errors, latencies, elapsed) = await RunLevelAsync(http, writers, duration, () => Interlocked.Increment(ref nextKey), cancellationToken);
            var after = await StatsAsync(http, cancellationToken);
            long batches = after.Batches - before.Batches;
            double perBatch = batches == 0 ? 0 : (double)(after.Commits - before.Commits) / batches;
            long syncs = after.JournalSyncs - before.JournalSyncs;
            double perSync = syncs == 0 ? 0 : (double)count / syncs;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{writers,7} {count / elapsed.TotalSeconds,10:0} {Percentile(latencies, 0.50),8:0.00} {Percentile(latencies, 0.99),8:0.00} {errors,7} {perBatch,14:0.00} {after.LargestBatch,14} {syncs / elapsed.TotalSeconds,9:0} {perSync,14:0.00}"));
        }
        return 0;
    }

    private static async Task<(long Count, long Errors, List<double> Latencies, TimeSpan Elapsed)> RunLevelAsync(
        HttpClient http, int writers, TimeSpan duration, Func<long> nextKey, CancellationToken cancellationToken)
    {
        long count = 0, errors = 0;
        var latencies = new List<double>[writers];
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                bool ok = await TrySqlAsync(http, "INSERT INTO bench_commits VALUES ($1, 'value of about twenty')", [nextKey()], cancellationToken);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (ok) Interlocked.Increment(ref count);
                else Interlocked.Increment(ref errors);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(tasks);
        return (count, errors, latencies.SelectMany(l => l).ToList(), watch.Elapsed);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task SqlAsync(HttpClient http, string sql, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/sql", new { sql }, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{sql}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static async Task<bool> TrySqlAsync(HttpClient http, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/v1/sql", new { sql, @params = parameters }, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The sequencer's counters and the fsyncs of every durable archive's journal (0 in memory).</summary>
    private sealed record Stats(long Batches, long Commits, int LargestBatch, long JournalSyncs);

    private static async Task<Stats> StatsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/v1/stats", cancellationToken));
        using var cluster = JsonDocument.Parse(await http.GetStringAsync("/v1/cluster", cancellationToken));
        var sequencer = stats.RootElement.GetProperty("sequencer");
        long syncs = cluster.RootElement.GetProperty("silos").EnumerateArray()
            .Select(s => s.TryGetProperty("archive", out var a) && a.ValueKind == JsonValueKind.Object ? a.GetProperty("journalSyncs").GetInt64() : 0)
            .Sum();
        return new Stats(sequencer.GetProperty("batches").GetInt64(), sequencer.GetProperty("commits").GetInt64(), sequencer.GetProperty("largestBatch").GetInt32(), syncs);
    }
}
