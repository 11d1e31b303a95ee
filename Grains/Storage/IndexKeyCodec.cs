using OrleansDb.Sql.Types;

namespace OrleansDb.Storage;

/// <summary>
/// The key of an index entry: each index value as a tag byte (0x01 a value, 0x02 NULL, so NULLs sort
/// last) followed by its <see cref="KeyCodec"/> encoding, all bytes inverted for a DESC column; then the
/// primary key's encoding, which makes every entry unique. Every part is prefix-free, so byte order is
/// column-by-column order and a prefix of index values bounds a range.
/// </summary>
public static class IndexKeyCodec
{
    private const byte ValueTag = 0x01;
    private const byte NullTag = 0x02;

    /// <summary>The encoding of the leading index values (a prefix of the entries' keys).</summary>
    public static byte[] EncodeValues(IndexSchema index, ReadOnlySpan<Value> values)
    {
        var bytes = new List<byte>(16);
        for (int i = 0; i < values.Length; i++) AppendValue(bytes, values[i], index.Columns[i].Descending);
        return [.. bytes];
    }

    public static byte[] EncodeEntry(IndexSchema index, TableSchema table, Value[] row)
    {
        var bytes = new List<byte>(24);
        foreach (var column in index.Columns) AppendValue(bytes, row[column.Ordinal], column.Descending);
        var key = new Value[table.PrimaryKey.Count];
        for (int i = 0; i < key.Length; i++) key[i] = row[table.PrimaryKey[i]];
        bytes.AddRange(KeyCodec.Encode(key));
        return [.. bytes];
    }

    private static void AppendValue(List<byte> bytes, Value value, bool descending)
    {
        int start = bytes.Count;
        if (value.IsNull)
        {
            bytes.Add(NullTag);
        }
        else
        {
            bytes.Add(ValueTag);
            bytes.AddRange(KeyCodec.Encode(value));
        }
        if (!descending) return;
        for (int i = start; i < bytes.Count; i++) bytes[i] = (byte)~bytes[i];
    }
}
