using System.Collections.Concurrent;

namespace OrleansDb.Storage;

/// <summary>
/// One engine's copy of the database: the root catalog and the record atoms it holds, kept current by
/// applying committed transactions in version order (<see cref="Apply"/>, called only by the engine's
/// log service). An archive engine holds every atom; a cache engine holds the atoms installed in it.
///
/// Invariant: after <c>Apply(v, ...)</c> returns, the catalog and every held atom reflect every commit
/// up to v, and <see cref="AppliedVersion"/> is v; readers at a version R wait until R is applied.
/// </summary>
public sealed partial class AtomStore(bool holdsEverything, int retainedCommits = 8192)
{
    /// <summary>How many of the newest catalogs <see cref="CatalogAt"/> can return.</summary>
    public const int CatalogHistory = 256;

    private readonly ConcurrentDictionary<long, RecordAtom> _atoms = new();
    private CatalogSnapshot[] _catalogs = [CatalogSnapshot.Empty];
    private readonly VersionWaiters _waiters = new();
    private readonly Queue<(long Version, IReadOnlyList<LogOp> Ops)> _recent = new();
    private readonly object _applyLock = new();
    private CatalogSnapshot _catalog = CatalogSnapshot.Empty;
    private long _idHighWater;
    private long _recentFloor;

    /// <summary>True on an archive engine: every atom is here, created and split by the log.</summary>
    public bool HoldsEverything { get; } = holdsEverything;

    public long AppliedVersion => _waiters.Released;

    public CatalogSnapshot Catalog => Volatile.Read(ref _catalog);

    /// <summary>
    /// The catalog as of <paramref name="version"/> (once this engine has applied it): the newest one
    /// changed at or before it. A snapshot reads its rows and its catalog at the same version, so that
    /// rows are always read in the layout they were written in and a table or index committed after the
    /// snapshot is not there. Null when the version is older than the last <see cref="CatalogHistory"/>
    /// catalog changes (or than the state this engine copied).
    /// </summary>
    public CatalogSnapshot? CatalogAt(long version)
    {
        var catalogs = Volatile.Read(ref _catalogs);
        for (int i = catalogs.Length - 1; i >= 0; i--)
        {
            if (catalogs[i].Version <= version) return catalogs[i];
        }
        return null;
    }

    /// <summary>The highest id the sequencer reserved, as recorded in the log.</summary>
    public long IdHighWater => Volatile.Read(ref _idHighWater);

    public int AtomCount => _atoms.Count;

    public RecordAtom? FindAtom(long atomId) => _atoms.GetValueOrDefault(atomId);

    public IEnumerable<RecordAtom> Atoms => _atoms.Values;

    public Task WaitForVersionAsync(long version, CancellationToken cancellationToken = default) =>
        _waiters.WaitAsync(version, cancellationToken);

    /// <summary>
    /// Applies one committed transaction. Commits must arrive in increasing version order. The ids of the
    /// atoms it changed here (rows written, both halves of a split, atoms created or dropped) are added to
    /// <paramref name="changedAtoms"/> when given.
    /// </summary>
    public void Apply(long version, IReadOnlyList<LogOp> ops, ISet<long>? changedAtoms = null)
    {
        lock (_applyLock)
        {
            if (version <= AppliedVersion) return;
            var catalog = _catalog;
            _applying = changedAtoms;
            try
            {
                foreach (var op in ops) catalog = ApplyOp(catalog, version, op);
            }
            finally
            {
                _applying = null;
            }
            if (!ReferenceEquals(catalog, _catalog))
            {
                var kept = _catalogs.AsSpan(Math.Max(0, _catalogs.Length - CatalogHistory + 1));
                Volatile.Write(ref _catalogs, [.. kept, catalog]);
            }
            Volatile.Write(ref _catalog, catalog);
            _recent.Enqueue((version, ops));
            while (_recent.Count > retainedCommits) _recentFloor = _recent.Dequeue().Version;
            _waiters.Release(version);
        }
    }

    /// <summary>Marks a version applied that carried nothing for this engine (a gap in the log is closed).</summary>
    public void AdvanceTo(long version)
    {
        lock (_applyLock)
        {
            _waiters.Release(version);
        }
    }

    /// <summary>Applies one op: its catalog effect (shared with transactions' working catalogs), then its atoms' effect.</summary>
    private CatalogSnapshot ApplyOp(CatalogSnapshot catalog, long version, LogOp op)
    {
        switch (op)
        {
            case WriteRowOp write:
                {
                    if (catalog.FindKeySpace(write.TableId) is not { } space) return catalog;
                    var atom = FindAtom(space.Atoms.Find(write.Key));
                    // Follow right siblings: an atom split after the map was read keeps its low bound.
                    while (atom is not null && !atom.Covers(write.Key) && atom.RightSibling is long right) atom = FindAtom(right);
                    if (atom is null) return catalog;
                    atom.Apply(version, write.Key, write.Row);
                    MarkChanged(atom.Id);
                    return catalog;
                }
            case CreateTableOp create:
                AddFirstAtom(create.FirstAtomId, create.Schema.Id);
                return catalog.Apply(version, op);
            case CreateIndexOp create:
                AddFirstAtom(create.FirstAtomId, create.Schema.Id);
                return catalog.Apply(version, op);
            case DropTableOp drop:
                {
                    if (catalog.FindTable(drop.TableId) is not { } table) return catalog;
                    RemoveAtoms(table.Atoms);
                    foreach (var index in catalog.IndexesOf(drop.TableId)) RemoveAtoms(index.Atoms);
                    return catalog.Apply(version, op);
                }
            case DropIndexOp drop:
                {
                    if (catalog.Indexes.GetValueOrDefault(drop.IndexId) is not { } index) return catalog;
                    RemoveAtoms(index.Atoms);
                    return catalog.Apply(version, op);
                }
            case SplitAtomOp split:
                {
                    if (catalog.FindKeySpace(split.TableId) is null) return catalog;
                    if (FindAtom(split.AtomId)?.SplitAt(split.SplitKey, split.NewAtomId, version, right => _atoms[right.Id] = right) is not null)
                    {
                        MarkChanged(split.AtomId);
                        MarkChanged(split.NewAtomId);
                    }
                    return catalog.Apply(version, op);
                }
            case ReserveIdsOp reserve:
                if (reserve.HighWater > _idHighWater) Volatile.Write(ref _idHighWater, reserve.HighWater);
                return catalog;
            default:
                return catalog.Apply(version, op);
        }
    }

    /// <summary>The first (empty) atom of a new table or index: an archive holds it from the start.</summary>
    private void AddFirstAtom(long atomId, long keySpaceId)
    {
        if (!HoldsEverything) return;
        _atoms[atomId] = new RecordAtom(atomId, keySpaceId, [], null);
        MarkChanged(atomId);
    }

    /// <summary>Drops every atom of a dropped table or index.</summary>
    private void RemoveAtoms(AtomMap atoms)
    {
        foreach (long atomId in atoms.AllAtoms)
        {
            _atoms.TryRemove(atomId, out _);
            MarkChanged(atomId);
        }
    }
}
