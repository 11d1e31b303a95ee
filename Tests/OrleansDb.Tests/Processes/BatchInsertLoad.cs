using System.Collections.Concurrent;
using System.Net;
using OrleansDb.Tests.Http;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// HTTP clients spread over several silos, each inserting three-row transactions (batch b writes ids 3b,
/// 3b+1 and 3b+2 into <c>rows</c>) one after another, and recording which were acknowledged. A failed
/// or unanswered request is an unknown outcome: it may be present, but whole or not at all.
/// </summary>
public sealed class BatchInsertLoad
{
    public const string TableSql = "CREATE TABLE rows (id bigint PRIMARY KEY, batch bigint NOT NULL)";

    private readonly ConcurrentDictionary<long, SiloProcess> _acknowledged = new();
    private readonly ConcurrentDictionary<SiloProcess, bool> _abandoned = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients;
    private long _nextBatch;
    private long _failed;

    private BatchInsertLoad(IReadOnlyList<SiloProcess> silos, int clients) =>
        _clients = [.. Enumerable.Range(0, clients).Select(client => Task.Run(() => RunClientAsync(silos[client % silos.Count])))];

    /// <summary>Starts <paramref name="clients"/> clients, client i sending to silo i mod the number of silos.</summary>
    public static BatchInsertLoad Start(IReadOnlyList<SiloProcess> silos, int clients) => new(silos, clients);

    public int Acknowledged => _acknowledged.Count;

    /// <summary>Transactions acknowledged by one silo's gateway.</summary>
    public int AcknowledgedThrough(SiloProcess silo) => _acknowledged.Count(a => a.Value == silo);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The clients of <paramref name="silo"/> stop sending (it is about to be killed).</summary>
    public void Abandon(SiloProcess silo) => _abandoned[silo] = true;

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    /// <summary>Reads the table through <paramref name="silo"/>: acknowledged batches missing, and batches present with fewer than three rows.</summary>
    public async Task<(List<long> Missing, List<long> Partial, int Present)> CheckAsync(SiloProcess silo)
    {
        var rows = await silo.Http.PostSqlOkAsync("SELECT batch, count(*) FROM rows GROUP BY batch");
        var present = rows.Last.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].GetInt64(), r => r[1].GetInt64());
        var missing = _acknowledged.Keys.Where(b => !present.ContainsKey(b)).Order().ToList();
        var partial = present.Where(p => p.Value != 3).Select(p => p.Key).Order().ToList();
        return (missing, partial, present.Count);
    }

    private async Task RunClientAsync(SiloProcess silo)
    {
        while (!_stop.IsCancellationRequested && !_abandoned.ContainsKey(silo))
        {
            long batch = Interlocked.Increment(ref _nextBatch);
            try
            {
                var reply = await silo.Http.PostSqlAsync($"INSERT INTO rows VALUES ({3 * batch}, {batch}), ({3 * batch + 1}, {batch}), ({3 * batch + 2}, {batch})");
                if (reply.Status == HttpStatusCode.OK) _acknowledged[batch] = silo;
                else await FailedAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await FailedAsync();
            }
        }
    }

    /// <summary>Counts a failure and pauses a little, so a client does not spin while the cluster cannot commit.</summary>
    private Task FailedAsync()
    {
        Interlocked.Increment(ref _failed);
        return Task.Delay(50);
    }
}
