using System.Text;
using OrleansDb.Archive;
using Xunit;

namespace OrleansDb.Tests.Archive;

/// <summary>The journal's file format, recovery cuts and segment life cycle, on a temporary directory.</summary>
public sealed class JournalTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("orleansdb-journal-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Crc32C_Matches_The_Standard_Check_Value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Appended_Batches_Read_Back_After_Reopening()
    {
        using (var journal = Open(out _))
        {
            for (long v = 0; v < 10; v += 2) journal.Append(Batch(v, v + 1, v + 2));
            Assert.Equal(10, journal.LastVersion);
            Assert.Equal(5, journal.Syncs);
        }
        using var reopened = Open(out var report);
        Assert.Null(report.Cut);
        Assert.Equal((1, 5L, 10L), (report.Segments, report.Batches, report.LastVersion));
        var batches = reopened.ReadAfter(4).ToList();
        Assert.Equal([6L, 8L, 10L], batches.Select(b => b.LastVersion));
        Assert.Equal("ops 5", Encoding.UTF8.GetString(batches[0].Ops[0]));
        reopened.Append(Batch(10, 11));
        Assert.Equal([11L], reopened.ReadAfter(10).Select(b => b.LastVersion));
    }

    [Fact]
    public void A_Duplicate_Is_Skipped_And_A_Hole_Is_Refused()
    {
        using var journal = Open(out _);
        journal.Append(Batch(0, 1, 2));
        journal.Append(Batch(0, 1, 2));
        Assert.Throws<InvalidOperationException>(() => journal.Append(Batch(5, 6)));
        Assert.Single(journal.ReadAfter(0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void A_Torn_Tail_Is_Cut_At_The_Last_Whole_Record(int missingBytes)
    {
        string path;
        using (var journal = Open(out _))
        {
            for (long v = 0; v < 5; v++) journal.Append(Batch(v, v + 1));
            path = SegmentPaths().Single();
        }
        long length = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(length - missingBytes);

        using var reopened = Open(out var report);

        Assert.NotNull(report.Cut);
        Assert.Contains("torn", report.Cut, StringComparison.Ordinal);
        Assert.Equal(4, reopened.LastVersion);
        Assert.Equal([1L, 2L, 3L, 4L], reopened.ReadAfter(0).Select(b => b.LastVersion));
        reopened.Append(Batch(4, 5));
        Assert.Equal(5, reopened.LastVersion);
    }

    [Fact]
    public void Flipped_Bytes_Cut_The_Journal_At_The_Damaged_Record()
    {
        string path;
        using (var journal = Open(out _))
        {
            for (long v = 0; v < 5; v++) journal.Append(Batch(v, v + 1));
            path = SegmentPaths().Single();
        }
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x5A; // inside the last record's payload
        File.WriteAllBytes(path, bytes);

        using var reopened = Open(out var report);

        Assert.Contains("corrupt", report.Cut, StringComparison.Ordinal);
        Assert.Equal(4, reopened.LastVersion);
    }

    [Fact]
    public void A_Damaged_Record_In_An_Older_Segment_Drops_Every_Later_Segment()
    {
        using (var journal = Open(out _, segmentBytes: 4096))
        {
            for (long v = 0; v < 60; v++) journal.Append(Padded(v, v + 1, payloadBytes: 200));
            Assert.True(journal.SegmentCount >= 3);
        }
        var first = SegmentPaths().First();
        var bytes = File.ReadAllBytes(first);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        using var reopened = Open(out var report, segmentBytes: 4096);

        Assert.NotNull(report.Cut);
        Assert.Single(SegmentPaths());
        Assert.True(reopened.LastVersion < 5);
        Assert.Equal(reopened.LastVersion, reopened.ReadAfter(0).LastOrDefault()?.LastVersion ?? 0);
    }

    [Fact]
    public void Checkpointed_Segments_Are_Deleted_But_Never_The_Current_One()
    {
        using var journal = Open(out _, segmentBytes: 4096);
        for (long v = 0; v < 60; v++) journal.Append(Padded(v, v + 1, payloadBytes: 200));
        int segments = journal.SegmentCount;
        Assert.True(segments >= 3);

        Assert.Equal(0, journal.DeleteThrough(0));
        int deleted = journal.DeleteThrough(30);
        Assert.True(deleted >= 1);
        Assert.Equal(segments - deleted, SegmentPaths().Count);
        Assert.All(journal.ReadAfter(30), b => Assert.True(b.LastVersion > 30));
        Assert.Equal(Enumerable.Range(31, 30).Select(v => (long)v), journal.ReadAfter(30).Select(b => b.LastVersion));

        journal.DeleteThrough(long.MaxValue);
        Assert.Equal(1, journal.SegmentCount);
        Assert.Equal(60, journal.LastVersion);
    }

    [Fact]
    public void A_Segment_Without_Its_Header_Is_Removed()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, $"{0:D20}.journal"), [1, 2, 3]);

        using var journal = Open(out var report);

        Assert.NotNull(report.Cut);
        Assert.Empty(SegmentPaths());
        journal.Append(Batch(0, 1));
        Assert.Equal(1, journal.LastVersion);
    }

    [Fact]
    public void A_Directory_Is_Flushed_And_A_Missing_One_Is_An_Error()
    {
        DirectorySync.Flush(_dir.FullName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Throws<IOException>(() => DirectorySync.Flush(Path.Combine(_dir.FullName, "missing")));
        }
    }

    private Journal Open(out JournalOpenReport report, long segmentBytes = 1 << 20) => Journal.Open(_dir.FullName, segmentBytes, out report);

    private List<string> SegmentPaths() => [.. Directory.GetFiles(_dir.FullName, "*.journal").Order(StringComparer.Ordinal)];

    private static JournalBatch Batch(long previous, params long[] versions) =>
        new(previous, versions, [.. versions.Select(v => Encoding.UTF8.GetBytes($"ops {v}"))]);

    private static JournalBatch Padded(long previous, long version, int payloadBytes) =>
        new(previous, [version], [Encoding.UTF8.GetBytes($"ops {version}" + new string('x', payloadBytes))]);
}
