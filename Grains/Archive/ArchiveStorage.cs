using System.Diagnostics;
using OrleansDb.Storage;

namespace OrleansDb.Archive;

/// <summary>What <see cref="ArchiveStorage.Recover"/> did.</summary>
public sealed record ArchiveRecoveryReport(
    long CheckpointVersion, long ReplayedBatches, long ReplayedBytes, long Version, TimeSpan Elapsed, string? Cut);

/// <summary>
/// An archive engine's durable state under its data directory: the <see cref="Journal"/> of committed
/// batches (<c>journal/</c>) and a checkpoint of the whole engine state (<c>checkpoint.bin</c>).
/// <see cref="Recover"/> loads the checkpoint into the engine's <see cref="AtomStore"/> and replays the
/// journal after it; <see cref="Append"/> makes a batch durable before the engine applies it;
/// <see cref="Checkpoint"/> writes the state and deletes the journal segments it covers.
/// </summary>
public sealed class ArchiveStorage(string directory, long segmentBytes) : IDisposable
{
    private Journal? _journal;
    private long _checkpointVersion;

    public string Directory { get; } = Path.GetFullPath(directory);

    public long JournalBytes => _journal?.SizeBytes ?? 0;

    public long CheckpointVersion => Interlocked.Read(ref _checkpointVersion);

    public long Syncs => _journal?.Syncs ?? 0;

    /// <summary>Brings <paramref name="store"/> (empty) to the last durable version. Call once, before anything is applied.</summary>
    public ArchiveRecoveryReport Recover(AtomStore store)
    {
        var watch = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(Directory);
        if (ArchiveCheckpoint.Read(Directory) is { } checkpoint)
        {
            store.ImportState(checkpoint.State);
            _checkpointVersion = checkpoint.Version;
        }
        long batches = 0, bytes = 0;
        _journal = Journal.Open(Path.Combine(Directory, "journal"), segmentBytes, out var opened, store.AppliedVersion, batch =>
        {
            if (batch.PreviousVersion > store.AppliedVersion)
            {
                throw new InvalidDataException(
                    $"the journal in {Directory} continues after version {batch.PreviousVersion}, but the checkpoint ends at {store.AppliedVersion}");
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
        return new ArchiveRecoveryReport(_checkpointVersion, batches, bytes, store.AppliedVersion, watch.Elapsed, opened.Cut);
    }

    /// <summary>Journals and fsyncs a batch (what of it is not on disk yet); returns after it is durable.</summary>
    public void Append(JournalBatch batch) =>
        (_journal ?? throw new InvalidOperationException("the archive storage is not recovered yet")).Append(batch);

    /// <summary>
    /// Writes the engine's whole state as the new checkpoint and deletes the journal segments it covers.
    /// With <paramref name="restartJournal"/> (the state was copied from a peer, past the journal's end)
    /// the journal starts afresh after the checkpoint.
    /// </summary>
    public long Checkpoint(AtomStore store, bool restartJournal = false)
    {
        var journal = _journal ?? throw new InvalidOperationException("the archive storage is not recovered yet");
        var state = store.ExportState();
        long version = AtomStore.VersionOfState(state);
        ArchiveCheckpoint.Write(Directory, version, state);
        Interlocked.Exchange(ref _checkpointVersion, version);
        if (restartJournal) journal.Restart();
        else journal.DeleteThrough(version);
        return version;
    }

    public void Dispose() => _journal?.Dispose();
}
