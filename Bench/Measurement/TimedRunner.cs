using System.Diagnostics;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Measurement;

/// <summary>
/// Runs an operation in a closed loop on N workers for a warm-up and then a fixed window. The workers
/// run straight through from warm-up into the window, on the sessions they opened before it, so the
/// window sees neither connection set-up nor cold caches. The rate counts the operations that end inside
/// the window. Latencies and failures count those too, and also the operations still running when the
/// window closes, which are waited for: a stall at the end of the window shows in p99, max and the errors
/// instead of vanishing. A failed operation counts as an error (its session's transaction is rolled
/// back) and the worker goes on. Failures during the warm-up are counted apart, so a storm of them is seen too.
/// </summary>
public static class TimedRunner
{
    public static async Task<CellMeasurement> RunAsync(
        IBenchTarget target, CellPlan plan, Func<IBenchSession, Random, Task> operation, CancellationToken cancellationToken)
    {
        var sessions = await OpenSessionsAsync(target, plan.Concurrency, cancellationToken);
        try
        {
            long windowStart = Stopwatch.GetTimestamp() + (long)(plan.Warmup.TotalSeconds * Stopwatch.Frequency);
            long windowEnd = windowStart + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
            var workers = sessions.Select((session, i) => Task.Run(
                () => WorkAsync(session, new Random(plan.Seed + i), operation, windowStart, windowEnd, cancellationToken), cancellationToken)).ToList();
            var results = await Task.WhenAll(workers);
            var total = new WorkerTally();
            foreach (var worker in results) total.Add(worker);
            return new CellMeasurement(total.Completed, plan.Duration, total.Latencies, total.Errors) { WarmupErrors = total.WarmupErrors };
        }
        finally
        {
            await CloseSessionsAsync(sessions);
        }
    }

    /// <summary>Opens <paramref name="count"/> sessions at once; closes those that opened if any fails.</summary>
    public static async Task<IBenchSession[]> OpenSessionsAsync(IBenchTarget target, int count, CancellationToken cancellationToken)
    {
        var opening = Enumerable.Range(0, count).Select(_ => target.OpenSessionAsync(cancellationToken)).ToList();
        try
        {
            return await Task.WhenAll(opening);
        }
        catch
        {
            await CloseSessionsAsync(opening.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            throw;
        }
    }

    public static async Task CloseSessionsAsync(IEnumerable<IBenchSession> sessions)
    {
        foreach (var session in sessions) await session.DisposeAsync();
    }

    private static async Task<WorkerTally> WorkAsync(
        IBenchSession session, Random random, Func<IBenchSession, Random, Task> operation, long windowStart, long windowEnd, CancellationToken cancellationToken)
    {
        var tally = new WorkerTally();
        while (!cancellationToken.IsCancellationRequested)
        {
            long start = Stopwatch.GetTimestamp();
            if (start >= windowEnd) break;
            Exception? failure = null;
            try
            {
                await operation(session, random);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = e;
                await session.RollbackAsync();
            }
            long end = Stopwatch.GetTimestamp();
            if (end < windowStart)
            {
                if (failure is not null) tally.WarmupErrors.Record(failure);
            }
            else
            {
                if (failure is not null) tally.Errors.Record(failure);
                else tally.Latencies.RecordTicks(end - start);
                if (failure is null && end < windowEnd) tally.Completed++;
            }
        }
        return tally;
    }

    private sealed class WorkerTally
    {
        public LatencyHistogram Latencies { get; } = new();

        public ErrorTally Errors { get; } = new();

        public ErrorTally WarmupErrors { get; } = new();

        /// <summary>Successful operations that ended inside the window.</summary>
        public long Completed { get; set; }

        public void Add(WorkerTally other)
        {
            Completed += other.Completed;
            Latencies.Add(other.Latencies);
            Errors.Add(other.Errors);
            WarmupErrors.Add(other.WarmupErrors);
        }
    }
}
