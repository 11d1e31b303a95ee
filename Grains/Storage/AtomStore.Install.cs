namespace OrleansDb.Storage;

public sealed partial class AtomStore
{
    /// <summary>
    /// Installs a copy of an atom taken from another engine at <paramref name="snapshot"/>'s version,
    /// then re-applies the retained commits after that version so the copy is as current as this
    /// engine. Returns false when the retained commits no longer reach back to the snapshot (the caller
    /// fetches a newer copy).
    /// </summary>
    public bool Install(RecordAtom snapshot)
    {
        lock (_applyLock)
        {
            if (_atoms.ContainsKey(snapshot.Id)) return true;
            long applied = AppliedVersion;
            if (snapshot.Version < applied)
            {
                // Commits after the snapshot were applied here while the atom was absent: replay them
                // from the retained tail, or refuse when the tail does not reach back far enough.
                if (snapshot.Version < _recentFloor) return false;
                foreach (var (version, ops) in _recent)
                {
                    if (version <= snapshot.Version) continue;
                    foreach (var op in ops)
                    {
                        if (op is SplitAtomOp split && split.AtomId == snapshot.Id) return false;
                        if (op is WriteRowOp write && write.TableId == snapshot.TableId && snapshot.Covers(write.Key))
                        {
                            snapshot.Apply(version, write.Key, write.Row);
                        }
                    }
                }
            }
            _atoms[snapshot.Id] = snapshot;
            return true;
        }
    }

    /// <summary>Drops a cached atom; it is fetched again on its next use.</summary>
    public bool Evict(long atomId) => !HoldsEverything && _atoms.TryRemove(atomId, out _);

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
            _waiters.Release(version);
        }
    }
}
