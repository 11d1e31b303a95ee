namespace OrleansDb.Transactions;

/// <summary>
/// The sequencer's decisions, without I/O: one counter hands out commit versions and ids alike, so
/// every value is unique; a commit conflicts when another transaction committed a write to one of its
/// keys after its read version (first committer wins).
///
/// Invariants: versions increase; every value handed out is at or below <see cref="ReservedHighWater"/>,
/// which the log records before use, so a new sequencer that starts above the recorded high water and
/// above every applied version never repeats a value.
/// </summary>
public sealed class CommitSequencer
{
    /// <summary>How far ahead one reservation reaches.</summary>
    public const long ReservationStep = 1 << 20;

    /// <summary>Values kept in hand for the reservation commit itself.</summary>
    public const long ReservationSlack = 1 << 16;

    private readonly Dictionary<long, long> _lastWrite = [];
    private readonly Queue<(long Version, long[] Keys)> _window = new();
    private readonly int _windowKeys;
    private int _windowCount;
    private long _next;

    /// <param name="resumeAbove">Every value at or below this may have been handed out already.</param>
    /// <param name="windowKeys">How many recent conflict keys are remembered; older readers are aborted.</param>
    public CommitSequencer(long resumeAbove, int windowKeys = 1 << 20)
    {
        _next = resumeAbove + 1;
        ReservedHighWater = resumeAbove;
        Acknowledged = resumeAbove;
        WindowStart = resumeAbove;
        _windowKeys = windowKeys;
    }

    /// <summary>The newest version whose batch every archive has: what new snapshots read at.</summary>
    public long Acknowledged { get; private set; }

    public long ReservedHighWater { get; private set; }

    /// <summary>Commits that read below this version cannot be checked and are aborted.</summary>
    public long WindowStart { get; private set; }

    public long NextValue => _next;

    /// <summary>The high water a reservation commit should record before <paramref name="count"/> more values are handed out, or null when none is needed.</summary>
    public long? ReservationNeeded(long count) =>
        _next + count + ReservationSlack > ReservedHighWater ? _next + count + ReservationStep : null;

    public void Reserved(long highWater)
    {
        if (highWater > ReservedHighWater) ReservedHighWater = highWater;
    }

    /// <summary>Hands out <paramref name="count"/> consecutive values and returns the first.</summary>
    public long Allocate(long count)
    {
        long first = _next;
        _next += count;
        return first;
    }

    /// <summary>
    /// Checks a commit against newer writes; on success assigns its version and remembers its keys.
    /// Returns 0 on a conflict.
    /// </summary>
    public long TrySequence(long readVersion, long[] conflictKeys)
    {
        if (conflictKeys.Length > 0)
        {
            if (readVersion < WindowStart) return 0;
            foreach (long key in conflictKeys)
            {
                if (_lastWrite.TryGetValue(key, out long written) && written > readVersion) return 0;
            }
        }
        long version = Allocate(1);
        foreach (long key in conflictKeys) _lastWrite[key] = version;
        if (conflictKeys.Length > 0)
        {
            _window.Enqueue((version, conflictKeys));
            _windowCount += conflictKeys.Length;
            while (_windowCount > _windowKeys) Forget();
        }
        return version;
    }

    private void Forget()
    {
        var (version, keys) = _window.Dequeue();
        _windowCount -= keys.Length;
        foreach (long key in keys)
        {
            if (_lastWrite.TryGetValue(key, out long v) && v == version) _lastWrite.Remove(key);
        }
        WindowStart = Math.Max(WindowStart, version);
    }

    public void Acknowledge(long version)
    {
        if (version > Acknowledged) Acknowledged = version;
    }
}
