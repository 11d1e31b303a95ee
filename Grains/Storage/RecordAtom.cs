namespace OrleansDb.Storage;

/// <summary>
/// The rows of one key range [<see cref="Low"/>, <see cref="High"/>) of a table, each with its chain of
/// committed versions (MVCC). Entries are kept sorted by encoded key.
///
/// Invariants: <see cref="Low"/> never changes; a split only moves the upper part of the range to a new
/// atom, which becomes <see cref="RightSibling"/>, so a key at or above <see cref="High"/> is always
/// found by following right siblings. All access goes through the atom's lock.
/// </summary>
public sealed partial class RecordAtom
{
    private readonly List<Entry> _entries = [];
    private readonly object _lock = new();

    public RecordAtom(long id, long tableId, byte[] low, byte[]? high)
    {
        Id = id;
        TableId = tableId;
        Low = low;
        High = high;
    }

    public long Id { get; }

    public long TableId { get; }

    /// <summary>Inclusive lower bound of the atom's key range (empty = minus infinity).</summary>
    public byte[] Low { get; }

    /// <summary>Exclusive upper bound of the range, or null for plus infinity.</summary>
    public byte[]? High { get; private set; }

    /// <summary>The atom that took over the keys at and above <see cref="High"/>, if any.</summary>
    public long? RightSibling { get; private set; }

    /// <summary>The last commit version applied to this atom's rows (for checkpoints and reloads).</summary>
    public long Version { get; private set; }

    /// <summary>Approximate bytes of key and row data, all versions included; drives splits.</summary>
    public long ByteSize { get; private set; }

    private long _lastUsed = Environment.TickCount64;

    /// <summary>When a reader last used the atom (<see cref="Environment.TickCount64"/>); a cache engine evicts the least recent first.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    public void Touch() => Volatile.Write(ref _lastUsed, Environment.TickCount64);

    public int EntryCount
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    private struct Entry(byte[] key, RowVersion head)
    {
        public readonly byte[] Key = key;
        public RowVersion Head = head;
    }

    public bool Covers(ReadOnlySpan<byte> key) =>
        key.SequenceCompareTo(Low) >= 0 && (High is null || key.SequenceCompareTo(High) < 0);

    /// <summary>Adds a committed version of a row (<paramref name="row"/> null = tombstone).</summary>
    public void Apply(long version, byte[] key, byte[]? row)
    {
        lock (_lock)
        {
            int index = Find(key);
            if (index >= 0)
            {
                var entry = _entries[index];
                if (entry.Head.Version >= version) return; // already applied (replayed after a reload)
                entry.Head = new RowVersion(version, row, entry.Head);
                _entries[index] = entry;
            }
            else
            {
                _entries.Insert(~index, new Entry(key, new RowVersion(version, row, null)));
                ByteSize += key.Length + EntryOverhead;
            }
            ByteSize += (row?.Length ?? 0) + VersionOverhead;
            if (version > Version) Version = version;
        }
    }

    private const int EntryOverhead = 24;
    private const int VersionOverhead = 24;

    /// <summary>Marks the atom as reflecting every commit up to <paramref name="version"/>.</summary>
    public void AdvanceTo(long version)
    {
        lock (_lock)
        {
            if (version > Version) Version = version;
        }
    }

    private int Find(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = _entries.Count - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            int c = _entries[mid].Key.AsSpan().SequenceCompareTo(key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }
}
