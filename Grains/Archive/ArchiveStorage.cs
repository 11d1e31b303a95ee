using System.Diagnostics;
using OrleansDb.Storage;

namespace OrleansDb.Archive;

/// <summary>What <see cref="ArchiveStorage.Recover"/> did.</summary>
public sealed record ArchiveRecoveryReport(
    long CheckpointVersion, int LoadedAtoms, TimeSpan LoadElapsed, long ReplayedBatches, long ReplayedBytes, long Version, TimeSpan Elapsed, string? Cut);

/// <summary>
/// An archive engine's durable state under its data directory: the <see cref="Journal"/> of committed
/// batches (<c>journal/</c>) and the <see cref="DurableAtomStore"/> (<c>atoms/</c>, RocksDB) holding
/// every atom and catalog entry as of the last checkpoint. <see cref="Recover"/> loads the atom store
/// into the engine's <see cref="AtomStore"/> and replays the journal after it; <see cref="Append"/> makes
/// a batch durable before the engine applies it; <see cref="Checkpoint"/> writes what changed since the
/// previous checkpoint and deletes the journal segments it covers.
/// </summary>
public sealed class ArchiveStorage(string directory, long segmentBytes) : IDisposable
{
    private readonly Lock _checkpointLock = new();
    private Journal? _journal;
    private DurableAtomStore? _atoms;
    private long _checkpointVersion;

    public string Directory { get; } = Path.GetFullPath(directory);

    public long JournalBytes => _journal?.SizeBytes ?? 0;

    public long CheckpointVersion => Interlocked.Read(ref _checkpointVersion);

    public long Syncs => _journal?.Syncs ?? 0;

    /// <summary>Bytes of the atom store's files.</summary>
    public long AtomStoreBytes => _atoms?.SizeBytes ?? 0;

    /// <summary>Brings <paramref name="store"/> (empty) to the last durable version. Call once, before anything is applied.</summary>
    public ArchiveRecoveryReport Recover(AtomStore store)
    {
        var watch = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(Directory);
        _atoms = DurableAtomStore.Open(Path.Combine(Directory, "atoms"));
        int loadedAtoms = 0;
        if (_atoms.Load() is { } image)
        {
            store.Restore(image.Version, image.Catalog, image.Atoms, image.IdHighWater);
            _checkpointVersion = image.Version;
            loadedAtoms = image.Atoms.Count;
        }
        var loadElapsed = watch.Elapsed;
        store.TrackChanges();
        long batches = 0, bytes = 0;
        _journal = Journal.Open(Path.Combine(Directory, "journal"), segmentBytes, out var opened, store.AppliedVersion, batch =>
        {
            if (batch.PreviousVersion > store.AppliedVersion)
            {
                throw new InvalidDataException(
                    $"the journal in {Directory} continues after version {batch.PreviousVersion}, but the atom store ends at {store.AppliedVersion}");
            }
            for (int i = 0; i < batch.Versions.Length; i++)
            {
                if (batch.Versions[i] <= store.AppliedVersion) continue;
                store.Apply(batch.Versions[i], LogCodec.Decode(batch.Ops[i]));
                bytes += batch.Ops[i].Length;
            }
            store.AdvanceTo(batch.LastVersion);
            batches++;
        });
        // A checkpoint newer than the journal (taken after copying a peer's state): start the journal after it.
        if (_journal.LastVersion < store.AppliedVersion) _journal.Restart();
        return new ArchiveRecoveryReport(_checkpointVersion, loadedAtoms, loadElapsed, batches, bytes, store.AppliedVersion, watch.Elapsed, opened.Cut);
    }

    /// <summary>Journals and fsyncs a batch (what of it is not on disk yet); returns after it is durable.</summary>
    public void Append(JournalBatch batch) =>
        (_journal ?? throw new InvalidOperationException("the archive storage is not recovered yet")).Append(batch);

    /// <summary>
    /// The journal's batches after <paramref name="afterVersion"/>, up to the one holding
    /// <paramref name="throughVersion"/> or until about <paramref name="maxBytes"/> of ops; empty when the
    /// journal no longer reaches back to <paramref name="afterVersion"/> (a checkpoint deleted that part).
    /// </summary>
    public IReadOnlyList<JournalBatch> ReadJournal(long afterVersion, long throughVersion, long maxBytes)
    {
        var journal = _journal ?? throw new InvalidOperationException("the archive storage is not recovered yet");
        var batches = new List<JournalBatch>();
        long bytes = 0;
        foreach (var batch in journal.ReadAfter(afterVersion))
        {
            if (batches.Count == 0 && batch.PreviousVersion > afterVersion) return [];
            batches.Add(batch);
            bytes += batch.Ops.Sum(o => (long)o.Length);
            if (batch.LastVersion >= throughVersion || bytes >= maxBytes) break;
        }
        return batches;
    }

    /// <summary>
    /// Writes what changed in the engine since the last checkpoint to the atom store, then deletes the
    /// journal segments it covers. With <paramref name="restartJournal"/> (the engine copied a peer's
    /// state, past the journal's end) the journal starts afresh after the checkpoint. Checkpoints are
    /// taken one at a time, so the store only moves forward.
    /// </summary>
    public long Checkpoint(AtomStore store, bool restartJournal = false)
    {
        var journal = _journal ?? throw new InvalidOperationException("the archive storage is not recovered yet");
        var atoms = _atoms!;
        lock (_checkpointLock)
        {
            var changes = store.CaptureChanges();
            try
            {
                atoms.Write(changes);
            }
            catch
            {
                store.ReturnChanges(changes);
                throw;
            }
            Interlocked.Exchange(ref _checkpointVersion, changes.Version);
            if (restartJournal) journal.Restart();
            else journal.DeleteThrough(changes.Version);
            return changes.Version;
        }
    }

    public void Dispose()
    {
        _journal?.Dispose();
        _atoms?.Dispose();
    }
}
