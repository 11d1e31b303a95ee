using System.Buffers.Binary;

namespace OrleansDb.Archive;

/// <summary>
/// A checkpoint file: the whole engine state as of one version, written to a temporary file, fsynced
/// and renamed over the previous one, so a crash leaves either the old checkpoint or the new one whole.
/// Layout: 8-byte magic, the version, the payload length, the payload's CRC-32C, the payload.
/// </summary>
public static class ArchiveCheckpoint
{
    public const string FileName = "checkpoint.bin";
    private const int HeaderBytes = 8 + 8 + 8 + 4;
    private static readonly byte[] Magic = "ODBCKPT1"u8.ToArray();

    public static void Write(string directory, long version, ReadOnlySpan<byte> state)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), version);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), state.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), Crc32C.Compute(state));
        string path = Path.Combine(directory, FileName);
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            stream.Write(header);
            stream.Write(state);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory); // the rename is durable before the journal it covers is deleted
    }

    /// <summary>The checkpoint's version and state, or null when there is none; a damaged one is an error (its journal is gone).</summary>
    public static (long Version, byte[] State)? Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not an OrleansDb checkpoint");
        }
        long version = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        uint checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24));
        if (length != bytes.Length - HeaderBytes || Crc32C.Compute(bytes.AsSpan(HeaderBytes)) != checksum)
        {
            throw new InvalidDataException($"{path} is damaged (length or checksum does not match)");
        }
        return (version, bytes[HeaderBytes..]);
    }
}
