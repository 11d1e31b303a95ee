namespace OrleansDb.Transactions;

/// <summary>A key range a serializable transaction read: a write inside it after the read version aborts the transaction.</summary>
public sealed record ReadRange(long KeySpace, byte[] Low, byte[]? High);

public enum LockOutcome : byte
{
    /// <summary>Every key is now held by the owner, and none was written after the read version.</summary>
    Acquired,

    /// <summary>Every key is held by the owner, but one was written after the read version: a READ COMMITTED
    /// statement re-runs on a newer snapshot; REPEATABLE READ and SERIALIZABLE abort (40001).</summary>
    Written,

    /// <summary>A key is held by another owner: wait for it to finish, then try again.</summary>
    Blocked,
}

public enum CommitCheck : byte { Sequenced, Conflict, Blocked, TooOld }

/// <summary>
/// The sequencer's decisions, without I/O. One counter hands out commit versions and ids alike, so
/// every value is unique. Concurrency control is write locks plus validation:
/// <list type="bullet">
/// <item>an interactive transaction locks each key it writes when the statement that writes it ends
/// (<see cref="TryLock"/>); a key held by another transaction makes the statement wait;</item>
/// <item>a commit (<see cref="TrySequence"/>) fails when one of its write keys not held by itself, or one
/// of its read keys or read ranges, was written by a commit after its read version (first committer
/// wins for writes; serializable read validation);</item>
/// <item>a commit waits while another transaction holds one of its write keys or read keys: a DDL that
/// rewrites or indexes a table locks the table's key, which every commit writing the table reads, so
/// no write to the table is sequenced until the DDL ends;</item>
/// <item>locks are released once the commit's batch is acknowledged, or when the transaction ends.</item>
/// </list>
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
    private readonly Dictionary<long, RecentWrites> _recentKeys = [];
    private readonly Queue<(long Version, long[] Hashes, (long Space, byte[] Key)[] Keys)> _window = new();
    private readonly Dictionary<long, long> _locks = [];
    private readonly Dictionary<long, List<long>> _held = [];
    private readonly int _windowKeys;
    private int _windowCount;
    private long _next;

    /// <param name="resumeAbove">Every value at or below this may have been handed out already.</param>
    /// <param name="windowKeys">How many recent written keys are remembered; older readers are aborted.</param>
    public CommitSequencer(long resumeAbove, int windowKeys = 1 << 19)
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

    /// <summary>How many keys are locked right now.</summary>
    public int LockCount => _locks.Count;

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

    /// <summary>The owner holding a key, or 0.</summary>
    public long HolderOf(long key) => _locks.GetValueOrDefault(key);

    /// <summary>A transaction other than <paramref name="owner"/> holding a lock on one of <paramref name="keys"/>, if any.</summary>
    private long? OtherHolder(long[] keys, long owner)
    {
        foreach (long key in keys)
        {
            if (_locks.TryGetValue(key, out long holder) && holder != owner) return holder;
        }
        return null;
    }

    /// <summary>
    /// Locks every key for <paramref name="owner"/> (all or none); <paramref name="blocker"/> is set when
    /// another owner holds one of them.
    /// </summary>
    public LockOutcome TryLock(long owner, long readVersion, long[] keys, out long blocker)
    {
        blocker = 0;
        foreach (long key in keys)
        {
            if (_locks.TryGetValue(key, out long holder) && holder != owner)
            {
                blocker = holder;
                return LockOutcome.Blocked;
            }
        }
        if (!_held.TryGetValue(owner, out var held)) _held[owner] = held = [];
        bool written = readVersion < WindowStart;
        foreach (long key in keys)
        {
            if (_locks.TryAdd(key, owner)) held.Add(key);
            if (_lastWrite.TryGetValue(key, out long version) && version > readVersion) written = true;
        }
        return written ? LockOutcome.Written : LockOutcome.Acquired;
    }

    /// <summary>Releases every lock of an owner (after its commit is acknowledged, or when it ends without one).</summary>
    public void Release(long owner)
    {
        if (!_held.Remove(owner, out var keys)) return;
        foreach (long key in keys)
        {
            if (_locks.TryGetValue(key, out long holder) && holder == owner) _locks.Remove(key);
        }
    }

    /// <summary>
    /// Checks a commit and, when it passes, assigns its version and remembers what it wrote. Keys the
    /// owner locked were validated when locked and cannot have been written since.
    /// </summary>
    public (CommitCheck Check, long Version, long Blocker) TrySequence(
        long owner, long readVersion, long[] writeKeys, long[] readKeys, IReadOnlyList<ReadRange> readRanges, IReadOnlyList<(long Space, byte[] Key)> writtenKeys)
    {
        if (OtherHolder(writeKeys, owner) is long writeHolder) return (CommitCheck.Blocked, 0, writeHolder);
        if (OtherHolder(readKeys, owner) is long readHolder) return (CommitCheck.Blocked, 0, readHolder);
        bool validates = readKeys.Length > 0 || readRanges.Count > 0 || writeKeys.Any(k => HolderOf(k) != owner || owner == 0);
        if (validates && readVersion < WindowStart) return (CommitCheck.TooOld, 0, 0);
        foreach (long key in writeKeys)
        {
            if ((owner == 0 || HolderOf(key) != owner) && _lastWrite.TryGetValue(key, out long written) && written > readVersion) return (CommitCheck.Conflict, 0, 0);
        }
        foreach (long key in readKeys)
        {
            if (_lastWrite.TryGetValue(key, out long written) && written > readVersion) return (CommitCheck.Conflict, 0, 0);
        }
        foreach (var range in readRanges)
        {
            if (WrittenInRange(range, readVersion)) return (CommitCheck.Conflict, 0, 0);
        }
        long version = Allocate(1);
        Remember(version, writeKeys, writtenKeys);
        return (CommitCheck.Sequenced, version, 0);
    }

    private bool WrittenInRange(ReadRange range, long readVersion) =>
        _recentKeys.TryGetValue(range.KeySpace, out var keys) && keys.WrittenAfter(range.Low, range.High, readVersion);

    private void Remember(long version, long[] hashes, IReadOnlyList<(long Space, byte[] Key)> writtenKeys)
    {
        foreach (long key in hashes) _lastWrite[key] = version;
        foreach (var (space, key) in writtenKeys)
        {
            if (!_recentKeys.TryGetValue(space, out var keys)) _recentKeys[space] = keys = new RecentWrites();
            keys.Record(key, version);
        }
        if (hashes.Length == 0 && writtenKeys.Count == 0) return;
        _window.Enqueue((version, hashes, [.. writtenKeys]));
        _windowCount += hashes.Length + writtenKeys.Count;
        while (_windowCount > _windowKeys) Forget();
    }

    private void Forget()
    {
        var (version, hashes, keys) = _window.Dequeue();
        _windowCount -= hashes.Length + keys.Length;
        foreach (long key in hashes)
        {
            if (_lastWrite.TryGetValue(key, out long v) && v == version) _lastWrite.Remove(key);
        }
        foreach (var (space, key) in keys)
        {
            if (_recentKeys.TryGetValue(space, out var map)) map.Forget(key, version);
        }
        WindowStart = Math.Max(WindowStart, version);
    }

    public void Acknowledge(long version)
    {
        if (version > Acknowledged) Acknowledged = version;
    }
}
