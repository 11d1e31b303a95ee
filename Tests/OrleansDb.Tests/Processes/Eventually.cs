using System.Diagnostics;

namespace OrleansDb.Tests.Processes;

/// <summary>Waiting for a cluster of processes to reach a state: membership and recovery take seconds, never a fixed time.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> every 250 ms until it holds, and returns <paramref name="clock"/>'s
    /// time then; null when it did not hold before the clock passed <paramref name="limit"/>.
    /// </summary>
    public static async Task<TimeSpan?> WithinAsync(Stopwatch clock, TimeSpan limit, Func<Task<bool>> condition)
    {
        while (clock.Elapsed < limit)
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(250);
        }
        return null;
    }
}
