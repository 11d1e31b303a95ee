using OrleansDb.Bench.Measurement;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Workloads;

/// <summary>Loads keys 0..total-1 on several sessions at once, each session its own contiguous key range.</summary>
public static class ParallelLoad
{
    /// <summary>Loads on <paramref name="workers"/> sessions opened for the purpose.</summary>
    public static async Task RunAsync(
        IBenchTarget target, long total, int workers, Func<IBenchSession, int, long, long, Task> load, CancellationToken cancellationToken)
    {
        var sessions = await TimedRunner.OpenSessionsAsync(target, workers, cancellationToken);
        try
        {
            await RunAsync(sessions, total, load, cancellationToken);
        }
        finally
        {
            await TimedRunner.CloseSessionsAsync(sessions);
        }
    }

    /// <summary>Worker i loads keys [total·i/n, total·(i+1)/n) on session i; <paramref name="load"/> gets (session, i, from, to).</summary>
    public static Task RunAsync(IReadOnlyList<IBenchSession> sessions, long total, Func<IBenchSession, int, long, long, Task> load, CancellationToken cancellationToken)
    {
        int n = sessions.Count;
        return Task.WhenAll(sessions.Select((session, i) => Task.Run(() => load(session, i, total * i / n, total * (i + 1) / n), cancellationToken)));
    }
}
