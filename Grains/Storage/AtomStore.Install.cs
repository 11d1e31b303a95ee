namespace OrleansDb.Storage;

public sealed partial class AtomStore
{
    /// <summary>
    /// Installs a copy of an atom taken from another engine at <paramref name="snapshot"/>'s version,
    /// then re-applies the retained commits after that version so the copy is as current as this
    /// engine. Returns the atom now held (the copy, or the one already there), current as of the version
    /// applied when it returns — the caller uses it even if it is evicted again at once; null when the
    /// retained commits no longer reach back to the snapshot (the caller fetches a newer copy).
    /// </summary>
    public RecordAtom? Install(RecordAtom snapshot)
    {
        lock (_applyLock)
        {
            if (_atoms.TryGetValue(snapshot.Id, out var held)) return held;
            long applied = AppliedVersion;
            if (snapshot.Version < applied)
            {
                // Commits after the snapshot were applied here while the atom was absent: replay them
                // from the retained tail, or refuse when the tail does not reach back far enough.
                if (snapshot.Version < _recentFloor) return null;
                foreach (var (version, ops) in _recent)
                {
                    if (version <= snapshot.Version) continue;
                    foreach (var op in ops)
                    {
                        if (op is SplitAtomOp split && split.AtomId == snapshot.Id) return null;
                        if (op is WriteRowOp write && write.TableId == snapshot.TableId && snapshot.Covers(write.Key))
                        {
                            snapshot.Apply(version, write.Key, write.Row);
                        }
                    }
                }
            }
            snapshot.Touch();
            _atoms[snapshot.Id] = snapshot;
            return snapshot;
        }
    }

    /// <summary>Drops a cached atom; it is fetched again on its next use.</summary>
    public bool Evict(long atomId) => !HoldsEverything && _atoms.TryRemove(atomId, out _);

    /// <summary>Bytes of row data held (all atoms, all versions).</summary>
    public long HeldBytes => _atoms.Values.Sum(a => a.ByteSize);

    /// <summary>
    /// On a cache engine holding more than <paramref name="budgetBytes"/>, evicts the least recently used
    /// atoms (never <paramref name="keep"/>) until it holds at most 90% of the budget. A cache engine's
    /// atoms are always clean — every change arrives through the log and is in the archives — so an
    /// evicted atom is simply fetched again on its next use. Returns how many atoms were evicted.
    /// </summary>
    public int EvictToBudget(long budgetBytes, long? keep = null)
    {
        if (HoldsEverything) return 0;
        long held = HeldBytes;
        if (held <= budgetBytes) return 0;
        long target = budgetBytes / 10 * 9;
        int evicted = 0;
        foreach (var atom in _atoms.Values.Where(a => a.Id != keep).OrderBy(a => a.LastUsed).ToList())
        {
            if (held <= target) break;
            if (!_atoms.TryRemove(atom.Id, out _)) continue;
            held -= atom.ByteSize;
            evicted++;
        }
        Interlocked.Add(ref _evictions, evicted);
        return evicted;
    }

    /// <summary>
    /// <see cref="EvictToBudget"/> when atoms came or went since the last check (a split, a copied state),
    /// else at most every 100 ms (summing the held bytes costs a pass over the atoms): called after each
    /// applied batch, which is what grows and splits a cache engine's atoms. A fetch evicts by itself.
    /// </summary>
    public void KeepWithinBudget(long budgetBytes, long? keep = null)
    {
        if (HoldsEverything) return;
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastBudgetCheck);
        int count = _atoms.Count;
        if (count == Volatile.Read(ref _atomsAtLastCheck) && now - last < 100) return;
        if (Interlocked.CompareExchange(ref _lastBudgetCheck, now, last) != last) return;
        EvictToBudget(budgetBytes, keep);
        Volatile.Write(ref _atomsAtLastCheck, _atoms.Count);
    }

    private long _lastBudgetCheck = long.MinValue / 2;
    private int _atomsAtLastCheck = -1;

    /// <summary>Atoms evicted since the engine started.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    private long _evictions;

    /// <summary>Replaces this engine's whole state with a copy taken from a complete engine.</summary>
    public void Restore(long version, CatalogSnapshot catalog, IEnumerable<RecordAtom> atoms, long idHighWater)
    {
        lock (_applyLock)
        {
            if (version <= AppliedVersion) return;
            _atoms.Clear();
            foreach (var atom in atoms) _atoms[atom.Id] = atom;
            Volatile.Write(ref _catalog, catalog);
            Volatile.Write(ref _catalogs, [catalog]);
            Volatile.Write(ref _idHighWater, Math.Max(_idHighWater, idHighWater));
            _recent.Clear();
            _recentFloor = version;
            _changed?.Clear();
            _replaced = _changed is not null;
            _waiters.Release(version);
        }
    }
}
