using System.Collections.Concurrent;

namespace OrleansDb.Bench.Calls;

/// <summary>Where a grain call came from, as seen by the silo that runs it.</summary>
public enum CallOrigin
{
    /// <summary>From a grain or service on the same silo.</summary>
    Local,

    /// <summary>From a grain or service on another silo: a network hop in a real cluster.</summary>
    CrossSilo,

    /// <summary>From an Orleans client (the application's request entering the cluster).</summary>
    Client,
}

/// <summary>
/// Grain calls counted by interface method and origin, shared by every silo of an in-process cluster.
/// <see cref="Reset"/> starts a new count; the filters increment whichever count is current.
/// </summary>
public sealed class CallCounter
{
    private ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);

    public void Count(string method, CallOrigin origin)
    {
        var counts = Volatile.Read(ref _counts).GetOrAdd(method, _ => new long[3]);
        Interlocked.Increment(ref counts[(int)origin]);
    }

    public void Reset() => Volatile.Write(ref _counts, new ConcurrentDictionary<string, long[]>(StringComparer.Ordinal));

    /// <summary>The counts so far: per method, the number of calls of each origin.</summary>
    public IReadOnlyDictionary<string, CallCounts> Snapshot() =>
        Volatile.Read(ref _counts).ToDictionary(e => e.Key, e => new CallCounts(
            Interlocked.Read(ref e.Value[(int)CallOrigin.Local]),
            Interlocked.Read(ref e.Value[(int)CallOrigin.CrossSilo]),
            Interlocked.Read(ref e.Value[(int)CallOrigin.Client])));
}

public readonly record struct CallCounts(long Local, long CrossSilo, long Client)
{
    public long Total => Local + CrossSilo + Client;
}
