namespace OrleansDb.Storage;

/// <summary>
/// What an archive engine changed since its last checkpoint, taken at one applied version: the
/// catalog as of <see cref="Version"/> and each changed atom encoded (null data: the atom is gone —
/// dropped with its table or index). With <see cref="Complete"/>, the list holds every atom the engine
/// has and anything else a durable store holds is stale (the engine copied a peer's whole state).
/// </summary>
public sealed record AtomStoreChanges(
    long Version, long IdHighWater, CatalogSnapshot Catalog, IReadOnlyList<(long AtomId, byte[]? Data)> Atoms, bool Complete);

public sealed partial class AtomStore
{
    private HashSet<long>? _changed;
    private bool _replaced;

    /// <summary>The caller's set of the atoms the commit being applied changes; null between commits.</summary>
    private ISet<long>? _applying;

    /// <summary>
    /// From now on, remembers which atoms each applied commit changes, for <see cref="CaptureChanges"/>.
    /// An archive engine with a durable atom store calls it once the store's state is loaded.
    /// </summary>
    public void TrackChanges()
    {
        lock (_applyLock)
        {
            _changed = [];
            _replaced = false;
        }
    }

    /// <summary>
    /// Takes, under the apply lock (so it is exactly the state after one version), every atom changed
    /// since the previous capture, and starts a new set of changes.
    /// </summary>
    public AtomStoreChanges CaptureChanges()
    {
        lock (_applyLock)
        {
            var changed = _changed ?? throw new InvalidOperationException("this engine does not track its changes");
            bool complete = _replaced;
            var atoms = new List<(long, byte[]?)>();
            foreach (long atomId in complete ? _atoms.Keys : changed)
            {
                atoms.Add((atomId, FindAtom(atomId) is null ? null : ExportAtom(atomId)));
            }
            _changed = [];
            _replaced = false;
            return new AtomStoreChanges(AppliedVersion, _idHighWater, _catalog, atoms, complete);
        }
    }

    /// <summary>Puts captured changes back when writing them failed, so the next capture includes them again.</summary>
    public void ReturnChanges(AtomStoreChanges changes)
    {
        lock (_applyLock)
        {
            if (_changed is null) return;
            foreach (var (atomId, _) in changes.Atoms) _changed.Add(atomId);
            _replaced |= changes.Complete;
        }
    }

    /// <summary>Atoms changed since the last capture (0 when changes are not tracked).</summary>
    public int ChangedAtomCount
    {
        get
        {
            lock (_applyLock) return _changed?.Count ?? 0;
        }
    }

    private void MarkChanged(long atomId)
    {
        _changed?.Add(atomId);
        _applying?.Add(atomId);
    }
}
