using System.Buffers.Binary;
using System.Text;
using OrleansDb.Sql.Types;

namespace OrleansDb.Storage;

/// <summary>
/// The stored form of a row: a varint column count, a null bitmap, then each non-null value (integers
/// as zigzag varints, doubles as 8 bytes little-endian, booleans as one byte, text as a varint length
/// and UTF-8). A row shorter than the table (a column added later) reads its missing columns as NULL.
/// </summary>
public static class RowCodec
{
    public static byte[] Encode(ReadOnlySpan<Value> row)
    {
        int n = row.Length;
        int size = VarintSize((ulong)n) + (n + 7) / 8;
        for (int i = 0; i < n; i++)
        {
            var v = row[i];
            size += v.Kind switch
            {
                ValueKind.Null => 0,
                ValueKind.Boolean => 1,
                ValueKind.Integer => VarintSize(ZigZag(v.AsInteger)),
                ValueKind.Float => 8,
                ValueKind.Text => TextSize(v.AsText),
                ValueKind.Numeric => 16,
                ValueKind.Date or ValueKind.Timestamp => VarintSize(ZigZag(v.AsMicros)),
                ValueKind.Bytes => VarintSize((ulong)v.AsBytes.Length) + v.AsBytes.Length,
                _ => throw new InvalidOperationException($"cannot store value kind {v.Kind}"),
            };
        }
        var buffer = new byte[size];
        int pos = WriteVarint(buffer, 0, (ulong)n);
        int bitmap = pos;
        pos += (n + 7) / 8;
        for (int i = 0; i < n; i++)
        {
            var v = row[i];
            switch (v.Kind)
            {
                case ValueKind.Null:
                    buffer[bitmap + i / 8] |= (byte)(1 << (i % 8));
                    break;
                case ValueKind.Boolean:
                    buffer[pos++] = v.AsBoolean ? (byte)1 : (byte)0;
                    break;
                case ValueKind.Integer:
                    pos = WriteVarint(buffer, pos, ZigZag(v.AsInteger));
                    break;
                case ValueKind.Float:
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(pos), v.AsFloat);
                    pos += 8;
                    break;
                case ValueKind.Text:
                    {
                        string s = v.AsText;
                        int len = Encoding.UTF8.GetByteCount(s);
                        pos = WriteVarint(buffer, pos, (ulong)len);
                        pos += Encoding.UTF8.GetBytes(s, buffer.AsSpan(pos));
                        break;
                    }
                case ValueKind.Numeric:
                    {
                        Span<int> bits = stackalloc int[4];
                        decimal.GetBits(v.AsNumeric, bits);
                        for (int b = 0; b < 4; b++) BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(pos + 4 * b), bits[b]);
                        pos += 16;
                        break;
                    }
                case ValueKind.Date or ValueKind.Timestamp:
                    pos = WriteVarint(buffer, pos, ZigZag(v.AsMicros));
                    break;
                case ValueKind.Bytes:
                    pos = WriteVarint(buffer, pos, (ulong)v.AsBytes.Length);
                    v.AsBytes.CopyTo(buffer.AsSpan(pos));
                    pos += v.AsBytes.Length;
                    break;
            }
        }
        return buffer;
    }

    /// <summary>Decodes a stored row into <paramref name="destination"/> (one slot per table column).</summary>
    public static void Decode(ReadOnlySpan<byte> data, ReadOnlySpan<ValueKind> kinds, Span<Value> destination)
    {
        int pos = 0;
        int n = (int)ReadVarint(data, ref pos);
        int bitmap = pos;
        pos += (n + 7) / 8;
        int count = Math.Min(n, destination.Length);
        for (int i = 0; i < count; i++)
        {
            if ((data[bitmap + i / 8] & (1 << (i % 8))) != 0)
            {
                destination[i] = Value.Null;
                continue;
            }
            destination[i] = kinds[i] switch
            {
                ValueKind.Boolean => Value.FromBoolean(data[pos++] != 0),
                ValueKind.Integer => Value.FromInteger(UnZigZag(ReadVarint(data, ref pos))),
                ValueKind.Float => ReadDouble(data, ref pos),
                ValueKind.Text => ReadText(data, ref pos),
                ValueKind.Numeric => ReadNumeric(data, ref pos),
                ValueKind.Date => Value.FromDate(UnZigZag(ReadVarint(data, ref pos))),
                ValueKind.Timestamp => Value.FromTimestamp(UnZigZag(ReadVarint(data, ref pos))),
                ValueKind.Bytes => ReadBytes(data, ref pos),
                _ => Value.Null,
            };
        }
        for (int i = count; i < destination.Length; i++) destination[i] = Value.Null;
    }

    public static Value[] Decode(ReadOnlySpan<byte> data, ReadOnlySpan<ValueKind> kinds)
    {
        var row = new Value[kinds.Length];
        Decode(data, kinds, row);
        return row;
    }

    private static Value ReadDouble(ReadOnlySpan<byte> data, ref int pos)
    {
        var v = Value.FromFloat(BinaryPrimitives.ReadDoubleLittleEndian(data[pos..]));
        pos += 8;
        return v;
    }

    private static Value ReadNumeric(ReadOnlySpan<byte> data, ref int pos)
    {
        Span<int> bits = stackalloc int[4];
        for (int b = 0; b < 4; b++) bits[b] = BinaryPrimitives.ReadInt32LittleEndian(data[(pos + 4 * b)..]);
        pos += 16;
        return Value.FromNumeric(new decimal(bits));
    }

    private static Value ReadBytes(ReadOnlySpan<byte> data, ref int pos)
    {
        int len = (int)ReadVarint(data, ref pos);
        var v = Value.FromBytes(data.Slice(pos, len).ToArray());
        pos += len;
        return v;
    }

    private static Value ReadText(ReadOnlySpan<byte> data, ref int pos)
    {
        int len = (int)ReadVarint(data, ref pos);
        var v = Value.FromText(Encoding.UTF8.GetString(data.Slice(pos, len)));
        pos += len;
        return v;
    }

    private static int TextSize(string s)
    {
        int len = Encoding.UTF8.GetByteCount(s);
        return VarintSize((ulong)len) + len;
    }

    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    public static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    public static int VarintSize(ulong v)
    {
        int size = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            size++;
        }
        return size;
    }

    public static int WriteVarint(Span<byte> buffer, int pos, ulong v)
    {
        while (v >= 0x80)
        {
            buffer[pos++] = (byte)(v | 0x80);
            v >>= 7;
        }
        buffer[pos++] = (byte)v;
        return pos;
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        int shift = 0;
        while (true)
        {
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
            shift += 7;
            if (shift > 63) throw new InvalidDataException("varint too long");
        }
    }
}
