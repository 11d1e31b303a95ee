namespace OrleansDb.Storage;

/// <summary>
/// A table's record catalog: which record atom covers which key range. Immutable; a split yields a new
/// map. Entry i covers [Low(i), Low(i+1)); the first entry's low is the empty key (minus infinity).
/// </summary>
public sealed class AtomMap
{
    private readonly byte[][] _lows;
    private readonly long[] _atoms;

    private AtomMap(byte[][] lows, long[] atoms)
    {
        _lows = lows;
        _atoms = atoms;
    }

    public static AtomMap Single(long atomId) => new([[]], [atomId]);

    public static AtomMap FromEntries(byte[][] lows, long[] atomIds) => new(lows, atomIds);

    public int Count => _atoms.Length;

    public long AtomAt(int index) => _atoms[index];

    public byte[] LowAt(int index) => _lows[index];

    public byte[]? HighAt(int index) => index + 1 < _lows.Length ? _lows[index + 1] : null;

    /// <summary>Index of the atom whose range holds <paramref name="key"/>.</summary>
    public int IndexOf(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = _lows.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_lows[mid].AsSpan().SequenceCompareTo(key) <= 0) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    public long Find(ReadOnlySpan<byte> key) => _atoms[IndexOf(key)];

    /// <summary>Whether <paramref name="splitKey"/> lies strictly inside <paramref name="atomId"/>'s range (above its low bound), so the atom can split there.</summary>
    public bool CanSplitAt(long atomId, ReadOnlySpan<byte> splitKey)
    {
        int index = IndexOf(splitKey);
        return _atoms[index] == atomId && splitKey.SequenceCompareTo(_lows[index]) > 0;
    }

    /// <summary>The atoms whose ranges meet [low, high) (high null = unbounded), in key order.</summary>
    public IEnumerable<(long AtomId, byte[] Low, byte[]? High)> Covering(byte[] low, byte[]? high)
    {
        for (int i = IndexOf(low); i < _atoms.Length; i++)
        {
            if (high is not null && i > 0 && _lows[i].AsSpan().SequenceCompareTo(high) >= 0) yield break;
            yield return (_atoms[i], _lows[i], HighAt(i));
        }
    }

    /// <summary>The map after <paramref name="atomId"/> handed the keys from <paramref name="splitKey"/> on to <paramref name="newAtomId"/>.</summary>
    public AtomMap WithSplit(long atomId, byte[] splitKey, long newAtomId)
    {
        int index = Array.IndexOf(_atoms, atomId);
        if (index < 0 || Array.IndexOf(_atoms, newAtomId) >= 0) return this;
        if (splitKey.AsSpan().SequenceCompareTo(_lows[index]) <= 0) return this;
        var high = HighAt(index);
        if (high is not null && splitKey.AsSpan().SequenceCompareTo(high) >= 0) return this;
        var lows = new byte[_lows.Length + 1][];
        var atoms = new long[_atoms.Length + 1];
        Array.Copy(_lows, lows, index + 1);
        Array.Copy(_atoms, atoms, index + 1);
        lows[index + 1] = splitKey;
        atoms[index + 1] = newAtomId;
        Array.Copy(_lows, index + 1, lows, index + 2, _lows.Length - index - 1);
        Array.Copy(_atoms, index + 1, atoms, index + 2, _atoms.Length - index - 1);
        return new AtomMap(lows, atoms);
    }

    public IEnumerable<long> AllAtoms => _atoms;
}
