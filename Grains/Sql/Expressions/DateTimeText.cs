using System.Globalization;
using System.Text.RegularExpressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>
/// Reading dates, timestamps and byte strings from text, as PostgreSQL's input functions do (ISO
/// formats): text of the wrong shape is 22007; a well-shaped date or time with a field out of range
/// (February 30, month 13, hour 25) is 22008.
/// </summary>
public static partial class DateTimeText
{
    /// <summary>yyyy-m-d or yyyymmdd, then optionally ' ' or 'T' and h:m[:s[.fraction]].</summary>
    [GeneratedRegex(@"^(?:(?<y>[0-9]{4})-(?<m>[0-9]{1,2})-(?<d>[0-9]{1,2})|(?<y>[0-9]{4})(?<m>[0-9]{2})(?<d>[0-9]{2}))(?:[ T](?<h>[0-9]{1,2}):(?<mi>[0-9]{1,2})(?::(?<s>[0-9]{1,2})(?:\.(?<f>[0-9]{1,9}))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    public static Value ParseDate(string text)
    {
        var s = text.Trim();
        if (s.Equals("epoch", StringComparison.OrdinalIgnoreCase)) return Value.FromDate(DaysSinceEpoch(new DateTime(1970, 1, 1)));
        var (date, _) = Parse(text, "date");
        return Value.FromDate(DaysSinceEpoch(date));
    }

    public static Value ParseTimestamp(string text)
    {
        var s = text.Trim();
        if (s.Equals("epoch", StringComparison.OrdinalIgnoreCase)) return Value.FromTimestamp(Micros(new DateTime(1970, 1, 1)));
        var (date, micros) = Parse(text, "timestamp");
        return Value.FromTimestamp(Micros(date) + micros);
    }

    /// <summary>The date and the microseconds after its midnight (24:00:00 is the next midnight; a 60th second is the next minute).</summary>
    private static (DateTime Date, long Micros) Parse(string text, string type)
    {
        var match = IsoDateTime().Match(text.Trim());
        if (!match.Success) throw new SqlException("22007", $"invalid input syntax for type {type}: \"{text}\"");
        int Field(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        int year = Field("y"), month = Field("m"), day = Field("d"), hour = Field("h"), minute = Field("mi"), second = Field("s");
        long fraction = match.Groups["f"].Success
            ? (long)Math.Round(double.Parse("0." + match.Groups["f"].Value, CultureInfo.InvariantCulture) * 1_000_000)
            : 0;
        bool inRange = year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, Math.Clamp(month, 1, 12))
            && minute <= 59 && second <= 60
            && (hour <= 23 || (hour == 24 && minute == 0 && second == 0 && fraction == 0));
        if (!inRange) throw new SqlException("22008", $"date/time field value out of range: \"{text}\"");
        return (new DateTime(year, month, day), ((hour * 60L + minute) * 60 + second) * 1_000_000 + fraction);
    }

    /// <summary>
    /// bytea input: <c>\x</c> and pairs of hex digits (whitespace between pairs allowed; a bad digit or
    /// an odd count is 22023), or else the escape format: bytes of the text with <c>\\</c> for a
    /// backslash and <c>\ooo</c> for an octal byte (any other backslash is 22P02).
    /// </summary>
    public static byte[] ParseBytea(string text)
    {
        if (text.StartsWith("\\x", StringComparison.OrdinalIgnoreCase)) return ParseHexBytea(text);
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                int length = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text.Substring(i, length)));
                i += length - 1;
            }
            else if (i + 1 < text.Length && text[i + 1] == '\\')
            {
                bytes.Add((byte)'\\');
                i++;
            }
            else if (i + 3 < text.Length && text[i + 1] is >= '0' and <= '3' && text[i + 2] is >= '0' and <= '7' && text[i + 3] is >= '0' and <= '7')
            {
                bytes.Add((byte)(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
                i += 3;
            }
            else
            {
                throw new SqlException(SqlState.InvalidTextRepresentation, "invalid input syntax for type bytea");
            }
        }
        return [.. bytes];
    }

    private static byte[] ParseHexBytea(string text)
    {
        var bytes = new List<byte>(text.Length / 2);
        for (int i = 2; i < text.Length; i++)
        {
            if (text[i] is ' ' or '\n' or '\t' or '\r') continue;
            int high = HexDigit(text, i);
            if (++i >= text.Length) throw new SqlException(SqlState.InvalidParameterValue, "invalid hexadecimal data: odd number of digits");
            bytes.Add((byte)((high << 4) | HexDigit(text, i)));
        }
        return [.. bytes];
    }

    private static int HexDigit(string text, int i)
    {
        char c = text[i];
        if (char.IsAsciiDigit(c)) return c - '0';
        if (char.IsAsciiHexDigit(c)) return (c | 0x20) - 'a' + 10;
        string shown = char.IsHighSurrogate(c) && i + 1 < text.Length ? text.Substring(i, 2) : c.ToString();
        throw new SqlException(SqlState.InvalidParameterValue, $"invalid hexadecimal digit: \"{shown}\"");
    }

    public static long DaysSinceEpoch(DateTime date) => (long)(date.Date - Value.Epoch).TotalDays;

    public static long Micros(DateTime t) => (t.Ticks - Value.Epoch.Ticks) / 10;
}
