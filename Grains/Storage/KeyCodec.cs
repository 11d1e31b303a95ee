using System.Buffers.Binary;
using System.Text;
using OrleansDb.Sql;
using OrleansDb.Sql.Types;

namespace OrleansDb.Storage;

/// <summary>
/// Order-preserving encoding of primary-key values: comparing two encoded keys byte by byte gives the
/// same order as comparing the values column by column. Integers are 8 bytes big-endian with the sign
/// bit flipped; doubles are their IEEE bits transformed so negative numbers sort first; booleans are one
/// byte; text is UTF-8 with 0x00 escaped as 0x00 0xFF and terminated by 0x00 0x01, so no encoded text
/// is a prefix of another and composite keys compare column by column.
/// </summary>
public static class KeyCodec
{
    public static byte[] Encode(ReadOnlySpan<Value> values)
    {
        var buffer = new List<byte>(16);
        foreach (var v in values) Append(buffer, v);
        return [.. buffer];
    }

    public static byte[] Encode(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Integer:
                {
                    var bytes = new byte[8];
                    BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)value.AsInteger ^ 0x8000_0000_0000_0000UL);
                    return bytes;
                }
            default:
                {
                    var buffer = new List<byte>(16);
                    Append(buffer, value);
                    return [.. buffer];
                }
        }
    }

    private static void Append(List<byte> buffer, Value v)
    {
        Span<byte> eight = stackalloc byte[8];
        switch (v.Kind)
        {
            case ValueKind.Integer:
                BinaryPrimitives.WriteUInt64BigEndian(eight, (ulong)v.AsInteger ^ 0x8000_0000_0000_0000UL);
                foreach (var b in eight) buffer.Add(b);
                break;
            case ValueKind.Float:
                {
                    double d = v.AsFloat;
                    if (d == 0) d = 0; // -0.0 and 0.0 are one key
                    ulong bits = (ulong)BitConverter.DoubleToInt64Bits(d);
                    bits = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
                    BinaryPrimitives.WriteUInt64BigEndian(eight, bits);
                    foreach (var b in eight) buffer.Add(b);
                    break;
                }
            case ValueKind.Boolean:
                buffer.Add(v.AsBoolean ? (byte)1 : (byte)0);
                break;
            case ValueKind.Text:
                AppendEscaped(buffer, Encoding.UTF8.GetBytes(v.AsText));
                break;
            case ValueKind.Bytes:
                AppendEscaped(buffer, v.AsBytes);
                break;
            case ValueKind.Date or ValueKind.Timestamp:
                BinaryPrimitives.WriteUInt64BigEndian(eight, (ulong)v.AsMicros ^ 0x8000_0000_0000_0000UL);
                foreach (var b in eight) buffer.Add(b);
                break;
            case ValueKind.Numeric:
                AppendNumeric(buffer, v.AsNumeric);
                break;
            default:
                throw new SqlException(SqlState.NotNullViolation, "a primary key value cannot be null");
        }
    }

    /// <summary>Escapes 0x00 as 0x00 0xFF and terminates with 0x00 0x01: prefix-free, order-preserving.</summary>
    private static void AppendEscaped(List<byte> buffer, byte[] bytes)
    {
        foreach (var b in bytes)
        {
            buffer.Add(b);
            if (b == 0) buffer.Add(0xFF);
        }
        buffer.Add(0);
        buffer.Add(1);
    }

    /// <summary>
    /// A decimal as 25 bytes: a sign byte (0 negative, 1 otherwise), then |x|'s integral part and its
    /// fraction scaled by 10^28, each 12 bytes big-endian; all inverted when negative. Equal values of
    /// different scales (1.5 and 1.50) encode alike.
    /// </summary>
    private static void AppendNumeric(List<byte> buffer, decimal d)
    {
        bool negative = d < 0;
        decimal abs = Math.Abs(d);
        decimal integral = decimal.Truncate(abs);
        decimal fraction = (abs - integral) * 10_000_000_000_000_000_000_000_000_000m;
        Span<byte> bytes = stackalloc byte[24];
        WriteUInt96(bytes[..12], integral);
        WriteUInt96(bytes[12..], decimal.Truncate(fraction));
        buffer.Add(negative ? (byte)0 : (byte)1);
        foreach (var b in bytes) buffer.Add(negative ? (byte)~b : b);
    }

    private static void WriteUInt96(Span<byte> destination, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)bits[2]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)bits[1]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)bits[0]);
    }

    /// <summary>Decodes a key back into values of the given kinds (for EXPLAIN and diagnostics).</summary>
    public static Value[] Decode(ReadOnlySpan<byte> key, ReadOnlySpan<ValueKind> kinds)
    {
        var values = new Value[kinds.Length];
        int pos = 0;
        for (int i = 0; i < kinds.Length; i++)
        {
            switch (kinds[i])
            {
                case ValueKind.Integer:
                    values[i] = Value.FromInteger((long)(BinaryPrimitives.ReadUInt64BigEndian(key[pos..]) ^ 0x8000_0000_0000_0000UL));
                    pos += 8;
                    break;
                case ValueKind.Float:
                    {
                        ulong bits = BinaryPrimitives.ReadUInt64BigEndian(key[pos..]);
                        bits = (bits & 0x8000_0000_0000_0000UL) != 0 ? bits & 0x7FFF_FFFF_FFFF_FFFFUL : ~bits;
                        values[i] = Value.FromFloat(BitConverter.Int64BitsToDouble((long)bits));
                        pos += 8;
                        break;
                    }
                case ValueKind.Boolean:
                    values[i] = Value.FromBoolean(key[pos++] != 0);
                    break;
                case ValueKind.Text:
                    {
                        var bytes = new List<byte>();
                        while (true)
                        {
                            byte b = key[pos++];
                            if (b == 0)
                            {
                                byte next = key[pos++];
                                if (next == 1) break;
                                bytes.Add(0);
                            }
                            else
                            {
                                bytes.Add(b);
                            }
                        }
                        values[i] = Value.FromText(Encoding.UTF8.GetString([.. bytes]));
                        break;
                    }
            }
        }
        return values;
    }

    /// <summary>
    /// The smallest byte string greater than every string that starts with <paramref name="prefix"/>,
    /// or null when there is none (the prefix is all 0xFF): the exclusive upper bound of a prefix range.
    /// </summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        for (int i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] != 0xFF)
            {
                var end = prefix[..(i + 1)].ToArray();
                end[i]++;
                return end;
            }
        }
        return null;
    }

    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    public static string Format(ReadOnlySpan<byte> key) => Convert.ToHexString(key);
}
