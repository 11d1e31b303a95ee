namespace OrleansDb.Storage;

/// <summary>Receives the rows a scan finds; returns false to stop the scan (a LIMIT was reached).</summary>
public interface IRowVisitor
{
    bool Visit(ReadOnlySpan<byte> key, byte[] row);
}

/// <summary>How a scan of one atom ended.</summary>
/// <param name="Stopped">The visitor stopped the scan early.</param>
/// <param name="ContinueAt">When the requested range goes past the atom's upper bound: the key to resume at.</param>
/// <param name="ContinueAtom">The atom that holds <paramref name="ContinueAt"/> (the right sibling), if known.</param>
public readonly record struct AtomScanOutcome(bool Stopped, byte[]? ContinueAt, long? ContinueAtom);

public sealed partial class RecordAtom
{
    /// <summary>
    /// Visits, in key order, the newest version at or below <paramref name="readVersion"/> of every row
    /// in [<paramref name="low"/>, <paramref name="high"/>) ∩ the atom's range that is not a tombstone.
    /// </summary>
    public AtomScanOutcome Scan(ReadOnlySpan<byte> low, byte[]? high, long readVersion, IRowVisitor visitor)
    {
        lock (_lock)
        {
            int start = Find(low);
            if (start < 0) start = ~start;
            for (int i = start; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (high is not null && entry.Key.AsSpan().SequenceCompareTo(high) >= 0)
                {
                    return new AtomScanOutcome(false, null, null);
                }
                var visible = entry.Head.VisibleAt(readVersion);
                if (visible?.Row is null) continue;
                if (!visitor.Visit(entry.Key, visible.Row)) return new AtomScanOutcome(true, null, null);
            }
            // The range continues past this atom when the atom has an upper bound below the scan's: at the
            // bound, or where the range starts when the whole range lies past it (the reader's catalog
            // predates a split, so it asked this atom for keys its right sibling now holds).
            if (High is not null && (high is null || high.AsSpan().SequenceCompareTo(High) > 0))
            {
                return new AtomScanOutcome(false, low.SequenceCompareTo(High) > 0 ? low.ToArray() : High, RightSibling);
            }
            return new AtomScanOutcome(false, null, null);
        }
    }

    /// <summary>
    /// Visits, in the given order, the newest version at or below <paramref name="readVersion"/> of each
    /// key this atom covers (tombstones and absent keys are skipped), and returns the keys it does not
    /// cover with the right sibling that took them over — all under one hold of the atom's lock, so a
    /// split cannot move a key out between "covered here" and "read here".
    /// </summary>
    public (List<byte[]>? Unresolved, long? RightSibling) Lookup(IReadOnlyList<byte[]> keys, long readVersion, IRowVisitor visitor)
    {
        lock (_lock)
        {
            List<byte[]>? unresolved = null;
            foreach (var key in keys)
            {
                if (!Covers(key))
                {
                    (unresolved ??= []).Add(key);
                    continue;
                }
                if (NewestAt(key, readVersion) is { } row) visitor.Visit(key, row);
            }
            return (unresolved, unresolved is null ? null : RightSibling);
        }
    }

    /// <summary>The newest version at or below <paramref name="readVersion"/> of one key, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key, long readVersion)
    {
        lock (_lock) return NewestAt(key, readVersion);
    }

    /// <summary><see cref="Get"/> for a caller that holds the lock.</summary>
    private byte[]? NewestAt(ReadOnlySpan<byte> key, long readVersion)
    {
        int index = Find(key);
        return index < 0 ? null : _entries[index].Head.VisibleAt(readVersion)?.Row;
    }

    /// <summary>
    /// Whether the atom's data passed <paramref name="boundBytes"/> and it has a key to split at (at
    /// least two keys: a single row larger than the bound stays in one atom).
    /// </summary>
    public bool NeedsSplit(long boundBytes) => ByteSize > boundBytes && EntryCount >= 2;

    /// <summary>
    /// A key that splits the atom's data roughly in half by bytes, or null when the atom has fewer
    /// than two keys (a single huge row cannot be split).
    /// </summary>
    public byte[]? ChooseSplitKey()
    {
        lock (_lock)
        {
            if (_entries.Count < 2) return null;
            long half = ByteSize / 2, seen = 0;
            for (int i = 0; i < _entries.Count; i++)
            {
                seen += _entries[i].Key.Length + EntryOverhead;
                for (var v = _entries[i].Head; v is not null; v = v.Older) seen += (v.Row?.Length ?? 0) + VersionOverhead;
                if (seen >= half) return _entries[Math.Clamp(i + 1, 1, _entries.Count - 1)].Key;
            }
            return _entries[_entries.Count / 2].Key;
        }
    }

    /// <summary>
    /// Moves every entry at or above <paramref name="splitKey"/> into a new atom covering
    /// [splitKey, old High), which becomes this atom's right sibling. <paramref name="register"/> is
    /// given the new atom before this atom points to it, so whoever follows the pointer finds it.
    /// Returns null when the key is not strictly inside the range (the split is then a no-op; replays of
    /// a split are idempotent).
    /// </summary>
    public RecordAtom? SplitAt(byte[] splitKey, long newAtomId, long version, Action<RecordAtom>? register = null)
    {
        lock (_lock)
        {
            if (splitKey.AsSpan().SequenceCompareTo(Low) <= 0 || (High is not null && splitKey.AsSpan().SequenceCompareTo(High) >= 0))
            {
                return null;
            }
            var right = new RecordAtom(newAtomId, TableId, splitKey, High) { RightSibling = RightSibling };
            int index = Find(splitKey);
            if (index < 0) index = ~index;
            long moved = 0;
            for (int i = index; i < _entries.Count; i++)
            {
                var e = _entries[i];
                right._entries.Add(e);
                moved += e.Key.Length + EntryOverhead;
                for (var v = e.Head; v is not null; v = v.Older) moved += (v.Row?.Length ?? 0) + VersionOverhead;
            }
            right.ByteSize = moved;
            right.Version = Math.Max(Version, version);
            register?.Invoke(right);
            _entries.RemoveRange(index, _entries.Count - index);
            ByteSize -= moved;
            High = splitKey;
            RightSibling = newAtomId;
            if (version > Version) Version = version;
            return right;
        }
    }
}
