using OrleansDb.Storage;

namespace OrleansDb.Transactions;

/// <summary>
/// The row keys of one key space written by the commits the sequencer still remembers, each with the
/// version that last wrote it, ordered by key so a serializable commit can ask whether anything in a
/// range it read was written after its read version. A balanced tree: adding, updating and forgetting a
/// key cost O(log n) wherever it falls (a sorted array shifted half its length for every key that a
/// bulk load or a random insert adds).
/// </summary>
public sealed class RecentWrites
{
    private readonly SortedSet<Written> _keys = new(KeyOrder.Instance);

    public int Count => _keys.Count;

    public void Record(byte[] key, long version)
    {
        if (_keys.TryGetValue(new Written(key), out var existing)) existing.Version = version;
        else _keys.Add(new Written(key) { Version = version });
    }

    /// <summary>Forgets the key when <paramref name="version"/> was the last write to it.</summary>
    public void Forget(byte[] key, long version)
    {
        var probe = new Written(key);
        if (_keys.TryGetValue(probe, out var existing) && existing.Version == version) _keys.Remove(probe);
    }

    /// <summary>Whether a key in [<paramref name="low"/>, <paramref name="high"/>) (no upper bound when null) was written after <paramref name="readVersion"/>.</summary>
    public bool WrittenAfter(byte[] low, byte[]? high, long readVersion)
    {
        if (_keys.Count == 0) return false;
        var lowest = new Written(low);
        var highest = high is null ? Written.Last : new Written(high);
        if (KeyOrder.Instance.Compare(lowest, highest) > 0) return false;
        foreach (var written in _keys.GetViewBetween(lowest, highest))
        {
            if (high is not null && ByteArrayComparer.Instance.Compare(written.Key, high) >= 0) break;
            if (written.Version > readVersion) return true;
        }
        return false;
    }

    /// <summary>A key and its last writer; the version changes in place, the key (the order) never does.</summary>
    private sealed class Written(byte[]? key)
    {
        /// <summary>Sorts after every key: the open upper end of a range.</summary>
        public static readonly Written Last = new(null);

        public byte[]? Key { get; } = key;

        public long Version { get; set; }
    }

    private sealed class KeyOrder : IComparer<Written>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(Written? x, Written? y)
        {
            if (x!.Key is null) return y!.Key is null ? 0 : 1;
            if (y!.Key is null) return -1;
            return ByteArrayComparer.Instance.Compare(x.Key, y.Key);
        }
    }
}
