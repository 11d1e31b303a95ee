using OrleansDb.Archive;

namespace OrleansDb.Tests.Processes;

/// <summary>The archive files a silo keeps under <c>{data dir}/archive</c>, as a test sees them on disk.</summary>
public sealed record ArchiveFileSizes(int Segments, long JournalBytes, long AtomStoreBytes)
{
    public override string ToString() =>
        $"journal {JournalBytes} bytes in {Segments} segment(s){(AtomStoreBytes > 0 ? $", atom store {AtomStoreBytes} bytes" : "")}";
}

/// <summary>Where the last journal record lies in its segment, and the versions around it.</summary>
public sealed record LastJournalRecord(string SegmentPath, long Offset, long Length, long PreviousVersion, long LastVersion, int Transactions);

/// <summary>Reads and damages a stopped silo's archive files (the journal format is <see cref="JournalRecordCodec"/>'s).</summary>
public static class ArchiveFiles
{
    private const int SegmentHeaderBytes = 8;

    public static string JournalDirectory(string dataDir) => Path.Combine(dataDir, "archive", "journal");

    public static ArchiveFileSizes Measure(string dataDir)
    {
        var segments = Segments(dataDir);
        var atoms = new DirectoryInfo(Path.Combine(dataDir, "archive", "atoms"));
        return new ArchiveFileSizes(segments.Length, segments.Sum(s => s.Length), atoms.Exists ? atoms.EnumerateFiles().Sum(f => f.Length) : 0);
    }

    /// <summary>The last whole record of the last segment; fails when the segment holds none or ends in a damaged one.</summary>
    public static LastJournalRecord LastRecord(string dataDir)
    {
        var segment = Segments(dataDir).LastOrDefault() ?? throw new InvalidOperationException($"no journal segment in {JournalDirectory(dataDir)}");
        var bytes = File.ReadAllBytes(segment.FullName);
        LastJournalRecord? last = null;
        int offset = SegmentHeaderBytes;
        while (offset < bytes.Length)
        {
            var status = JournalRecordCodec.TryDecode(bytes.AsSpan(offset), out var batch, out int length);
            if (status != JournalReadStatus.Whole) throw new InvalidDataException($"{segment.Name} has a {status} record at byte {offset} before any damage");
            last = new LastJournalRecord(segment.FullName, offset, length, batch!.PreviousVersion, batch.LastVersion, batch.Versions.Length);
            offset += length;
        }
        return last ?? throw new InvalidOperationException($"{segment.Name} holds no record");
    }

    /// <summary>Cuts <paramref name="bytes"/> off the end of the record's segment: a write torn by the crash.</summary>
    public static void CutTail(LastJournalRecord record, int bytes)
    {
        using var stream = new FileStream(record.SegmentPath, FileMode.Open, FileAccess.Write);
        stream.SetLength(stream.Length - bytes);
    }

    /// <summary>Inverts <paramref name="bytes"/> bytes in the middle of the record's payload: its checksum no longer matches.</summary>
    public static void FlipPayloadBytes(LastJournalRecord record, int bytes)
    {
        long payloadStart = record.Offset + JournalRecordCodec.HeaderBytes;
        long payloadLength = record.Length - JournalRecordCodec.HeaderBytes;
        using var stream = new FileStream(record.SegmentPath, FileMode.Open, FileAccess.ReadWrite);
        var buffer = new byte[bytes];
        stream.Position = payloadStart + (payloadLength - bytes) / 2;
        stream.ReadExactly(buffer);
        for (int i = 0; i < buffer.Length; i++) buffer[i] ^= 0xFF;
        stream.Position -= bytes;
        stream.Write(buffer);
    }

    private static FileInfo[] Segments(string dataDir)
    {
        var directory = new DirectoryInfo(JournalDirectory(dataDir));
        return directory.Exists ? [.. directory.GetFiles("*.journal").OrderBy(f => f.Name, StringComparer.Ordinal)] : [];
    }
}
