using System.Globalization;

namespace OrleansDb.SqlLogicTest;

/// <summary>SQLite-compatible text forms of real numbers.</summary>
internal static class SqlLogicRealFormat
{
    private const int MaxSignificantDigits = 16;
    private const int Decimals = 3;

    // Every integer below this renders exactly with 3 decimals inside 16 significant digits.
    private const double ExactIntegerLimit = 1e13;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// <c>%.3f</c> as the SQLite that generated the corpus printed it: the value rounded half-up at the third
    /// decimal (it adds 0.0005), then at most 16 significant digits (later digits print as 0, unrounded).
    /// Ties are judged on the exact binary value, so 2.0625 → 2.063 but 1.0005 (1.000499…) → 1.000.
    /// </summary>
    public static string Fixed3(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0.000";
        }

        var magnitude = Math.Abs(value);
        if (magnitude < ExactIntegerLimit && Math.Floor(magnitude) == magnitude)
        {
            return ((long)value).ToString(Invariant) + ".000";
        }

        // 19 significant digits of the binary value: d.dddddddddddddddddde±xxx
        Span<char> scientific = stackalloc char[32];
        magnitude.TryFormat(scientific, out var written, "E18", Invariant);
        scientific = scientific[..written];
        var exponentAt = scientific.IndexOf('E');
        var exponent = int.Parse(scientific[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, Invariant);

        // digits[0] is a spare leading 0 that absorbs a carry; the number is 0.digits × 10^pointAt.
        Span<char> digits = stackalloc char[24];
        digits[0] = '0';
        digits[1] = scientific[0];
        scientific.Slice(2, exponentAt - 2).CopyTo(digits[2..]);
        var digitCount = exponentAt; // spare 0 + 1 leading digit + (exponentAt - 2) fraction digits
        var pointAt = exponent + 2;

        // Round half-up on the digit after the third decimal.
        var keep = pointAt + Decimals;
        if (keep <= 0)
        {
            return value < 0 ? "-0.000" : "0.000";
        }

        if (keep < digitCount)
        {
            var roundUp = digits[keep] >= '5';
            for (var k = keep - 1; roundUp && k >= 0; k--)
            {
                roundUp = digits[k] == '9';
                digits[k] = roundUp ? '0' : (char)(digits[k] + 1);
            }
        }
        else
        {
            keep = digitCount;
        }

        // At most 16 significant digits.
        var significantEnd = (digits[0] == '0' ? 1 : 0) + MaxSignificantDigits;
        keep = Math.Min(keep, significantEnd);

        // Print integer part (places pointAt-1 … 0) and three decimals; missing digits are 0.
        Span<char> output = stackalloc char[Math.Max(pointAt, 1) + Decimals + 2];
        var length = 0;
        if (value < 0)
        {
            output[length++] = '-';
        }

        var leading = true;
        for (var k = 0; k < pointAt; k++)
        {
            var digit = k < keep ? digits[k] : '0';
            if (leading && digit == '0' && k < pointAt - 1)
            {
                continue;
            }

            leading = false;
            output[length++] = digit;
        }

        if (pointAt <= 0)
        {
            output[length++] = '0';
        }

        output[length++] = '.';
        for (var k = pointAt; k < pointAt + Decimals; k++)
        {
            output[length++] = k >= 0 && k < keep ? digits[k] : '0';
        }

        return new string(output[..length]);
    }

    public static string Fixed3Decimal(decimal value) =>
        Math.Abs(value) < (decimal)ExactIntegerLimit
            ? Math.Round(value, Decimals, MidpointRounding.AwayFromZero).ToString("F3", Invariant)
            : Fixed3((double)value);

    /// <summary>SQLite's text form of a REAL (<c>%!.15g</c>): 15 significant digits, always a '.' or an exponent.</summary>
    public static string General15(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0.0";
        }

        var scientific = Math.Abs(value).ToString("E14", Invariant);
        var exponentAt = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, Invariant);
        var digits = (scientific[0] + scientific[2..exponentAt]).TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 15)
        {
            var fraction = digits.Length > 1 ? digits[1..] : "0";
            var exponentText = Math.Abs(exponent).ToString("00", Invariant);
            return $"{sign}{digits[0]}.{fraction}e{(exponent < 0 ? '-' : '+')}{exponentText}";
        }

        if (exponent < 0)
        {
            return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        }

        var integerDigits = exponent + 1;
        return digits.Length <= integerDigits
            ? $"{sign}{digits}{new string('0', integerDigits - digits.Length)}.0"
            : $"{sign}{digits[..integerDigits]}.{digits[integerDigits..]}";
    }
}
