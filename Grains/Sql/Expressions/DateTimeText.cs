using System.Globalization;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>Reading dates, timestamps and byte strings from text, as PostgreSQL's input functions do (ISO formats).</summary>
public static class DateTimeText
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyyMMdd"];

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm",
        "yyyy-M-d H:m:s.FFFFFFF", "yyyy-MM-dd",
    ];

    public static Value ParseDate(string text)
    {
        var s = text.Trim();
        if (s.Equals("epoch", StringComparison.OrdinalIgnoreCase)) return Value.FromDate(DaysSinceEpoch(new DateTime(1970, 1, 1)));
        if (DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || DateTime.TryParseExact(s, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
        {
            return Value.FromDate(DaysSinceEpoch(d.Date));
        }
        throw new SqlException("22007", $"invalid input syntax for type date: \"{text}\"");
    }

    public static Value ParseTimestamp(string text)
    {
        var s = text.Trim();
        if (s.Equals("epoch", StringComparison.OrdinalIgnoreCase)) return Value.FromTimestamp(Micros(new DateTime(1970, 1, 1)));
        if (DateTime.TryParseExact(s, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            || DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out t))
        {
            return Value.FromTimestamp(Micros(t));
        }
        throw new SqlException("22007", $"invalid input syntax for type timestamp: \"{text}\"");
    }

    /// <summary>bytea input: <c>\x</c> followed by hex digits, or else the text's UTF-8 bytes.</summary>
    public static byte[] ParseBytea(string text)
    {
        if (text.StartsWith("\\x", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Convert.FromHexString(text.AsSpan(2));
            }
            catch (FormatException)
            {
                throw new SqlException(SqlState.InvalidTextRepresentation, $"invalid hexadecimal data: \"{text}\"");
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    public static long DaysSinceEpoch(DateTime date) => (long)(date.Date - Value.Epoch).TotalDays;

    public static long Micros(DateTime t) => (t.Ticks - Value.Epoch.Ticks) / 10;
}
