using System.Buffers.Binary;

namespace OrleansDb.Archive;

/// <summary>
/// One committed log batch as the journal holds it: the batch's transactions in version order
/// (<see cref="Ops"/>[i] is version <see cref="Versions"/>[i]'s encoded changes) after
/// <see cref="PreviousVersion"/>, the last version of the batch before it.
/// </summary>
public sealed record JournalBatch(long PreviousVersion, long[] Versions, byte[][] Ops)
{
    public long LastVersion => Versions[^1];

    /// <summary>The part of the batch after <paramref name="version"/> (which must lie inside it).</summary>
    public JournalBatch After(long version)
    {
        int first = Array.FindIndex(Versions, v => v > version);
        return new JournalBatch(version, Versions[first..], Ops[first..]);
    }
}

/// <summary>What reading a record at some offset of a segment found.</summary>
public enum JournalReadStatus
{
    /// <summary>A whole record whose checksum matches.</summary>
    Whole,

    /// <summary>The file ends before the record does: a write the crash interrupted.</summary>
    Torn,

    /// <summary>The bytes are there but the length is impossible or the checksum does not match.</summary>
    Corrupt,
}

/// <summary>
/// The on-disk form of a <see cref="JournalBatch"/>: a 4-byte payload length, the payload's CRC-32C,
/// then the payload (previous version, count, and per transaction its version, ops length and ops;
/// integers little-endian). Length first, so a reader can step over records; checksum of exactly the
/// payload, so a torn or flipped record is never taken for a whole one.
/// </summary>
public static class JournalRecordCodec
{
    public const int HeaderBytes = 8;

    /// <summary>No record is larger: a longer length field means the header itself is damaged.</summary>
    public const int MaxPayloadBytes = 1 << 30;

    public static byte[] Encode(JournalBatch batch)
    {
        int payload = sizeof(long) + sizeof(int);
        foreach (var ops in batch.Ops) payload += sizeof(long) + sizeof(int) + ops.Length;
        if (payload > MaxPayloadBytes) throw new ArgumentException($"a journal record holds at most {MaxPayloadBytes} bytes", nameof(batch));
        var record = new byte[HeaderBytes + payload];
        var body = record.AsSpan(HeaderBytes);
        int pos = 0;
        BinaryPrimitives.WriteInt64LittleEndian(body[pos..], batch.PreviousVersion);
        pos += sizeof(long);
        BinaryPrimitives.WriteInt32LittleEndian(body[pos..], batch.Versions.Length);
        pos += sizeof(int);
        for (int i = 0; i < batch.Versions.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(body[pos..], batch.Versions[i]);
            pos += sizeof(long);
            BinaryPrimitives.WriteInt32LittleEndian(body[pos..], batch.Ops[i].Length);
            pos += sizeof(int);
            batch.Ops[i].CopyTo(body[pos..]);
            pos += batch.Ops[i].Length;
        }
        BinaryPrimitives.WriteInt32LittleEndian(record, payload);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(sizeof(int)), Crc32C.Compute(body));
        return record;
    }

    /// <summary>Reads the record at the start of <paramref name="data"/>; <paramref name="length"/> is its size on disk when whole.</summary>
    public static JournalReadStatus TryDecode(ReadOnlySpan<byte> data, out JournalBatch? batch, out int length)
    {
        batch = null;
        length = 0;
        if (data.Length < HeaderBytes) return JournalReadStatus.Torn;
        int payload = BinaryPrimitives.ReadInt32LittleEndian(data);
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(data[sizeof(int)..]);
        if (payload < sizeof(long) + sizeof(int) || payload > MaxPayloadBytes) return JournalReadStatus.Corrupt;
        if (data.Length - HeaderBytes < payload) return JournalReadStatus.Torn;
        var body = data.Slice(HeaderBytes, payload);
        if (Crc32C.Compute(body) != checksum) return JournalReadStatus.Corrupt;
        batch = DecodePayload(body);
        if (batch is null) return JournalReadStatus.Corrupt;
        length = HeaderBytes + payload;
        return JournalReadStatus.Whole;
    }

    /// <summary>The batch a checksummed payload holds, or null when its inner lengths do not add up.</summary>
    private static JournalBatch? DecodePayload(ReadOnlySpan<byte> body)
    {
        int pos = 0;
        long previous = BinaryPrimitives.ReadInt64LittleEndian(body);
        pos += sizeof(long);
        int count = BinaryPrimitives.ReadInt32LittleEndian(body[pos..]);
        pos += sizeof(int);
        if (count <= 0 || count > (body.Length - pos) / (sizeof(long) + sizeof(int))) return null;
        var versions = new long[count];
        var ops = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            if (body.Length - pos < sizeof(long) + sizeof(int)) return null;
            versions[i] = BinaryPrimitives.ReadInt64LittleEndian(body[pos..]);
            pos += sizeof(long);
            int length = BinaryPrimitives.ReadInt32LittleEndian(body[pos..]);
            pos += sizeof(int);
            if (length < 0 || length > body.Length - pos) return null;
            ops[i] = body.Slice(pos, length).ToArray();
            pos += length;
        }
        return pos == body.Length ? new JournalBatch(previous, versions, ops) : null;
    }
}
