using System.Globalization;
using System.Text;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Renders one result value as sqllogictest text for a column of type <c>T</c>, <c>I</c> or <c>R</c>:
/// NULL → <c>NULL</c>, empty → <c>(empty)</c>, bytes outside 0x20–0x7E → <c>@</c>.
/// </summary>
public static class SqlLogicValueRenderer
{
    public const string Null = "NULL";
    public const string Empty = "(empty)";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Most results are small integers: render those without formatting or allocating.
    private const int SmallIntegerMin = -1024;
    private static readonly string[] SmallIntegers = CreateSmallIntegers(4096);

    public static string Render(object? value, char type)
    {
        if (value is null or DBNull)
        {
            return Null;
        }

        var text = type switch
        {
            'I' => RenderInteger(value),
            'R' => RenderReal(value),
            _ => RenderText(value),
        };
        return text.Length == 0 ? Empty : text;
    }

    private static string RenderInteger(object value) => value switch
    {
        long l => Integer(l),
        int i => Integer(i),
        short s => Integer(s),
        sbyte sb => sb.ToString(Invariant),
        byte b => b.ToString(Invariant),
        ushort us => us.ToString(Invariant),
        uint ui => ui.ToString(Invariant),
        ulong ul => ul.ToString(Invariant),
        bool flag => flag ? "1" : "0",
        double d => Integer(DoubleToInteger(d)),
        float f => Integer(DoubleToInteger(f)),
        decimal m => DecimalToInteger(m),
        string s => Integer(LeadingInteger(s)),
        byte[] bytes => Integer(LeadingInteger(Encoding.Latin1.GetString(bytes))),
        _ => Integer(LeadingInteger(Convert.ToString(value, Invariant) ?? "")),
    };

    private static string RenderReal(object value) => value switch
    {
        double d => SqlLogicRealFormat.Fixed3(d),
        float f => SqlLogicRealFormat.Fixed3(f),
        long l => SqlLogicRealFormat.Fixed3(l),
        int i => SqlLogicRealFormat.Fixed3(i),
        short s => SqlLogicRealFormat.Fixed3(s),
        bool flag => flag ? "1.000" : "0.000",
        decimal m => SqlLogicRealFormat.Fixed3Decimal(m),
        string s => SqlLogicRealFormat.Fixed3(LeadingReal(s)),
        byte[] bytes => SqlLogicRealFormat.Fixed3(LeadingReal(Encoding.Latin1.GetString(bytes))),
        IConvertible c => SqlLogicRealFormat.Fixed3(c.ToDouble(Invariant)),
        _ => SqlLogicRealFormat.Fixed3(LeadingReal(Convert.ToString(value, Invariant) ?? "")),
    };

    private static string RenderText(object value) => value switch
    {
        string s => Printable(s),
        long l => Integer(l),
        int i => Integer(i),
        short s => Integer(s),
        bool flag => flag ? "1" : "0",
        double d => SqlLogicRealFormat.General15(d),
        float f => SqlLogicRealFormat.General15(f),
        decimal m => m.ToString(Invariant),
        byte[] bytes => PrintableBytes(bytes),
        _ => Printable(Convert.ToString(value, Invariant) ?? ""),
    };

    private static string Integer(long value)
    {
        var index = value - SmallIntegerMin;
        return (ulong)index < (ulong)SmallIntegers.Length ? SmallIntegers[index] : value.ToString(Invariant);
    }

    private static string[] CreateSmallIntegers(int count)
    {
        var strings = new string[count];
        for (var i = 0; i < count; i++)
        {
            strings[i] = (i + SmallIntegerMin).ToString(Invariant);
        }

        return strings;
    }

    /// <summary>Replaces every UTF-8 byte outside 0x20–0x7E with '@' (so 'é' becomes "@@").</summary>
    private static string Printable(string s)
    {
        var length = 0;
        var clean = true;
        foreach (var c in s)
        {
            if (c is >= ' ' and <= '~')
            {
                length++;
                continue;
            }

            clean = false;
            // UTF-8 width: 1 for ASCII, 2 below U+0800, 2 per surrogate half (4 per pair), else 3.
            length += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
        }

        if (clean)
        {
            return s;
        }

        return string.Create(length, s, static (span, source) =>
        {
            var k = 0;
            foreach (var c in source)
            {
                if (c is >= ' ' and <= '~')
                {
                    span[k++] = c;
                    continue;
                }

                var width = c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
                span.Slice(k, width).Fill('@');
                k += width;
            }
        });
    }

    private static string PrintableBytes(byte[] bytes) =>
        string.Create(bytes.Length, bytes, static (span, source) =>
        {
            for (var k = 0; k < source.Length; k++)
            {
                var b = source[k];
                span[k] = b is >= 0x20 and <= 0x7E ? (char)b : '@';
            }
        });

    /// <summary>Truncates toward zero, saturating at the 64-bit range (as SQLite does).</summary>
    private static long DoubleToInteger(double d) =>
        double.IsNaN(d) ? 0
        : d <= long.MinValue ? long.MinValue
        : d >= long.MaxValue ? long.MaxValue
        : (long)d;

    private static string DecimalToInteger(decimal m)
    {
        var truncated = decimal.Truncate(m);
        return truncated < long.MinValue ? long.MinValue.ToString(Invariant)
            : truncated > long.MaxValue ? long.MaxValue.ToString(Invariant)
            : ((long)truncated).ToString(Invariant);
    }

    /// <summary>The integer at the start of <paramref name="s"/> ('12ab' → 12, 'ab' → 0), saturating.</summary>
    internal static long LeadingInteger(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        ulong magnitude = 0;
        var overflow = false;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            var digit = (ulong)(s[i] - '0');
            if (magnitude > (ulong.MaxValue - digit) / 10)
            {
                overflow = true;
                break;
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (negative)
        {
            return overflow || magnitude > (ulong)long.MaxValue + 1 ? long.MinValue : (long)(0 - magnitude);
        }

        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    /// <summary>The real number at the start of <paramref name="s"/> ('1.5e2x' → 150, 'ab' → 0).</summary>
    internal static double LeadingReal(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        var start = i;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        var digits = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                digits++;
            }
        }

        if (digits == 0)
        {
            return 0;
        }

        var end = i;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                end = j;
            }
        }

        return double.TryParse(s.AsSpan(start, end - start), NumberStyles.Float, Invariant, out var result) ? result : 0;
    }
}
