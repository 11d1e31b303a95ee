namespace OrleansDb.Archive;

/// <summary>What <see cref="Journal.Open"/> found: whole segments and batches, and what it cut, if anything.</summary>
public sealed record JournalOpenReport(int Segments, long Batches, long LastVersion, long SizeBytes, string? Cut);

/// <summary>
/// The archive's journal of committed log batches, in version order, in segment files
/// <c>{base version:D20}.journal</c> under one directory. <see cref="Append"/> returns only after the
/// record is on disk (fsync), so a batch is durable before any of its transactions is acknowledged; one
/// fsync serves every transaction of the batch. <see cref="Open"/> checks every record's length and
/// checksum and the versions' continuity, and cuts a torn or corrupt tail at the last whole record
/// (later segments are deleted with it). Segments whose batches are all checkpointed are deleted by
/// <see cref="DeleteThrough"/>. Not thread-safe for concurrent appends beyond its own lock: the log
/// service appends in version order.
/// </summary>
public sealed class Journal : IDisposable
{
    private const string Extension = ".journal";
    private static readonly byte[] Magic = "ODBJRNL1"u8.ToArray();

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly List<Segment> _segments;
    private readonly Lock _lock = new();
    private FileStream? _current;

    private Journal(string directory, long segmentBytes, List<Segment> segments)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _segments = segments;
    }

    /// <summary>The last version on disk; 0 for an empty journal.</summary>
    public long LastVersion
    {
        get
        {
            lock (_lock) return _segments.Count == 0 ? 0 : _segments[^1].LastVersion;
        }
    }

    public long SizeBytes
    {
        get
        {
            lock (_lock) return _segments.Sum(s => s.Length);
        }
    }

    public int SegmentCount
    {
        get
        {
            lock (_lock) return _segments.Count;
        }
    }

    /// <summary>fsyncs performed by <see cref="Append"/> since the journal opened.</summary>
    public long Syncs { get; private set; }

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="directory"/>, cutting a damaged tail. Every whole
    /// batch after <paramref name="replayAfter"/> is passed to <paramref name="replay"/> in version order
    /// as it is checked, so recovery reads the journal once.
    /// </summary>
    public static Journal Open(string directory, long segmentBytes, out JournalOpenReport report, long replayAfter = 0, Action<JournalBatch>? replay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, 4096);
        Directory.CreateDirectory(directory);
        var files = Directory.GetFiles(directory, "*" + Extension)
            .Select(path => (Path: path, Base: ParseBase(path)))
            .Where(f => f.Base is not null)
            .OrderBy(f => f.Base)
            .ToList();
        var segments = new List<Segment>();
        long batches = 0;
        long last = 0;
        string? cut = null;
        for (int i = 0; i < files.Count && cut is null; i++)
        {
            var (path, baseVersion) = files[i];
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                cut = $"{Path.GetFileName(path)}: no segment header ({bytes.Length} bytes), segment removed";
                File.Delete(path);
                break;
            }
            long expected = segments.Count == 0 ? baseVersion!.Value : last;
            if (baseVersion != expected)
            {
                cut = $"{Path.GetFileName(path)}: starts after version {baseVersion}, but the journal ends at {expected}; segment removed";
                File.Delete(path);
                break;
            }
            var (end, segmentLast, status) = ScanSegment(bytes, expected, batch =>
            {
                batches++;
                if (batch.LastVersion > replayAfter) replay?.Invoke(batch);
            });
            if (status != JournalReadStatus.Whole)
            {
                cut = $"{Path.GetFileName(path)} at byte {end}: {(status == JournalReadStatus.Torn ? "torn" : "corrupt")} record, " +
                    $"{bytes.Length - end} bytes cut after version {segmentLast}";
                Truncate(path, end);
            }
            segments.Add(new Segment(path, baseVersion.Value, segmentLast, end));
            last = segmentLast;
        }
        if (cut is not null)
        {
            foreach (var (path, _) in files.Where(f => segments.All(s => s.Path != f.Path))) File.Delete(path);
        }
        report = new JournalOpenReport(segments.Count, batches, last, segments.Sum(s => s.Length), cut);
        return new Journal(directory, segmentBytes, segments);
    }

    /// <summary>The batches with versions after <paramref name="version"/>, in order, read back from disk.</summary>
    public IEnumerable<JournalBatch> ReadAfter(long version)
    {
        List<Segment> segments;
        lock (_lock) segments = [.. _segments.Where(s => s.LastVersion > version)];
        foreach (var segment in segments)
        {
            var batches = new List<JournalBatch>();
            var bytes = ReadPrefix(segment.Path, segment.Length);
            var (end, _, status) = ScanSegment(bytes, segment.BaseVersion, batch =>
            {
                if (batch.LastVersion > version) batches.Add(batch);
            });
            if (status != JournalReadStatus.Whole) throw new InvalidDataException($"journal segment {segment.Path} changed at byte {end}");
            foreach (var batch in batches) yield return batch;
        }
    }

    /// <summary>
    /// Checks the records of a segment file's bytes in order, each following the one before (the first
    /// following <paramref name="previous"/>), and passes each whole one to <paramref name="visit"/>.
    /// Returns where the whole records end, the last version among them, and what stopped the scan.
    /// </summary>
    private static (int End, long Last, JournalReadStatus Status) ScanSegment(ReadOnlySpan<byte> bytes, long previous, Action<JournalBatch> visit)
    {
        int offset = Magic.Length;
        while (offset < bytes.Length)
        {
            var status = JournalRecordCodec.TryDecode(bytes[offset..], out var batch, out int length);
            if (status == JournalReadStatus.Whole && batch!.PreviousVersion != previous) status = JournalReadStatus.Corrupt;
            if (status != JournalReadStatus.Whole) return (offset, previous, status);
            visit(batch!);
            previous = batch!.LastVersion;
            offset += length;
        }
        return (offset, previous, JournalReadStatus.Whole);
    }

    /// <summary>
    /// Writes <paramref name="batch"/> and fsyncs it. What is already on disk is skipped (a whole batch,
    /// or the versions of a batch that overlaps the last one); a batch that does not reach the last one
    /// is refused (the journal has no holes).
    /// </summary>
    public void Append(JournalBatch batch)
    {
        lock (_lock)
        {
            long last = _segments.Count == 0 ? 0 : _segments[^1].LastVersion;
            if (_segments.Count > 0 && batch.LastVersion <= last) return;
            if (_segments.Count > 0 && batch.PreviousVersion > last)
            {
                throw new InvalidOperationException($"journal ends at version {last}; a batch after {batch.PreviousVersion} leaves a hole");
            }
            if (_segments.Count > 0 && batch.PreviousVersion < last) batch = batch.After(last);
            var record = JournalRecordCodec.Encode(batch);
            if (_current is null || _segments[^1].Length >= _segmentBytes) StartSegment(batch.PreviousVersion);
            _current!.Write(record);
            _current.Flush(flushToDisk: true);
            Syncs++;
            var segment = _segments[^1];
            _segments[^1] = segment with { LastVersion = batch.LastVersion, Length = segment.Length + record.Length };
        }
    }

    /// <summary>Deletes the segments (never the one being written) whose every batch is at or below <paramref name="checkpointVersion"/>.</summary>
    public int DeleteThrough(long checkpointVersion)
    {
        lock (_lock)
        {
            int deleted = 0;
            while (_segments.Count > 1 && _segments[0].LastVersion <= checkpointVersion)
            {
                File.Delete(_segments[0].Path);
                _segments.RemoveAt(0);
                deleted++;
            }
            return deleted;
        }
    }

    /// <summary>Deletes every segment: the next append starts a new journal after its own previous version (after a checkpoint made the old one unneeded).</summary>
    public void Restart()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = null;
            foreach (var segment in _segments) File.Delete(segment.Path);
            _segments.Clear();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private void StartSegment(long baseVersion)
    {
        if (_current is not null)
        {
            _current.Flush(flushToDisk: true);
            _current.Dispose();
            _current = null;
        }
        if (_segments.Count > 0 && _segments[^1].Length < _segmentBytes)
        {
            // Reopening after a restart: keep appending to the last segment.
            _current = new FileStream(_segments[^1].Path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _current.Seek(_segments[^1].Length, SeekOrigin.Begin);
            return;
        }
        string path = Path.Combine(_directory, $"{baseVersion:D20}{Extension}");
        _current = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _current.Write(Magic);
        _current.Flush(flushToDisk: true);
        DirectorySync.Flush(_directory); // the new segment's name is durable before any record in it is acknowledged
        _segments.Add(new Segment(path, baseVersion, baseVersion, Magic.Length));
    }

    private static long? ParseBase(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), out long version) && version >= 0 ? version : null;

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }

    private static byte[] ReadPrefix(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private sealed record Segment(string Path, long BaseVersion, long LastVersion, long Length);
}
