using System.Globalization;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>Conversions between types, with PostgreSQL's errors (22P02 bad text, 22003 out of range).</summary>
public static class Casts
{
    /// <summary>Converts a value to <paramref name="target"/>; NULL stays NULL.</summary>
    public static Value Coerce(Value value, SqlType target)
    {
        if (value.IsNull || target.Id == SqlTypeId.Unknown) return value;
        switch (target.Id)
        {
            case SqlTypeId.SmallInt:
            case SqlTypeId.Integer:
            case SqlTypeId.BigInt:
                return Value.FromInteger(ToInteger(value, target));
            case SqlTypeId.Real:
                {
                    double d = ToDouble(value, target);
                    float f = (float)d;
                    if (float.IsInfinity(f) && !double.IsInfinity(d)) throw SqlException.OutOfRange("real");
                    return Value.FromFloat(f);
                }
            case SqlTypeId.Double:
                return Value.FromFloat(ToDouble(value, target));
            case SqlTypeId.Numeric:
                return Value.FromNumeric(ApplyTypmod(ToDecimal(value, target), target));
            case SqlTypeId.Date:
                return value.Kind switch
                {
                    ValueKind.Date => value,
                    ValueKind.Timestamp => Value.FromDate((long)Math.Floor(value.AsMicros / 86_400_000_000.0)),
                    ValueKind.Text => DateTimeText.ParseDate(value.AsText),
                    _ => throw CannotCast(value, target),
                };
            case SqlTypeId.Timestamp:
                return value.Kind switch
                {
                    ValueKind.Timestamp => value,
                    ValueKind.Date => Value.FromTimestamp(value.ToMicros()),
                    ValueKind.Text => DateTimeText.ParseTimestamp(value.AsText),
                    _ => throw CannotCast(value, target),
                };
            case SqlTypeId.Bytea:
                return value.Kind switch
                {
                    ValueKind.Bytes => value,
                    ValueKind.Text => Value.FromBytes(DateTimeText.ParseBytea(value.AsText)),
                    _ => throw CannotCast(value, target),
                };
            case SqlTypeId.Boolean:
                return Value.FromBoolean(ToBoolean(value));
            case SqlTypeId.Text:
                return value.Kind == ValueKind.Text ? value : Value.FromText(ToText(value));
            case SqlTypeId.Varchar:
                {
                    string s = value.Kind == ValueKind.Text ? value.AsText : ToText(value);
                    if (target.Length > 0 && s.Length > target.Length)
                    {
                        throw new SqlException(SqlState.StringDataRightTruncation, $"value too long for type character varying({target.Length})");
                    }
                    return value.Kind == ValueKind.Text ? value : Value.FromText(s);
                }
            default:
                throw SqlException.NotSupported($"cast to {target.Name}");
        }
    }

    /// <summary>
    /// An explicit CAST: like <see cref="Coerce"/>, except that a too-long string is truncated to the
    /// VARCHAR length rather than rejected, as PostgreSQL does for explicit casts.
    /// </summary>
    public static Value Cast(Value value, SqlType target, SqlType source)
    {
        if (source.Id == SqlTypeId.Real && target.IsString && value.Kind == ValueKind.Float)
        {
            value = Value.FromText(Value.FormatReal(value.AsFloat)); // a real prints with real's digits
        }
        return Cast(value, target);
    }

    public static Value Cast(Value value, SqlType target)
    {
        if (target.Id == SqlTypeId.Varchar && target.Length > 0 && !value.IsNull)
        {
            string s = value.Kind == ValueKind.Text ? value.AsText : ToText(value);
            return Value.FromText(s.Length > target.Length ? s[..target.Length] : s);
        }
        return Coerce(value, target);
    }

    public static long ToInteger(Value value, SqlType target)
    {
        long result;
        switch (value.Kind)
        {
            case ValueKind.Integer:
                result = value.AsInteger;
                break;
            case ValueKind.Numeric:
                {
                    decimal d = Math.Round(value.AsNumeric, MidpointRounding.AwayFromZero);
                    if (d < long.MinValue || d > long.MaxValue) throw SqlException.OutOfRange(target.Name);
                    result = (long)d;
                    break;
                }
            case ValueKind.Float:
                {
                    double d = Math.Round(value.AsFloat, MidpointRounding.ToEven);
                    if (double.IsNaN(d) || d < -9.2233720368547758E18 || d >= 9.2233720368547758E18) throw SqlException.OutOfRange(target.Name);
                    result = (long)d;
                    break;
                }
            case ValueKind.Boolean:
                if (target.Id != SqlTypeId.Integer) throw CannotCast(value, target);
                result = value.AsBoolean ? 1 : 0;
                break;
            case ValueKind.Text:
                {
                    string s = value.AsText.Trim();
                    if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
                    {
                        if (s.Length > 0 && s.TrimStart('+', '-').All(char.IsDigit)) throw SqlException.OutOfRange(target.Name);
                        throw InvalidText(target, value.AsText);
                    }
                    break;
                }
            default:
                throw CannotCast(value, target);
        }
        var (min, max) = target.IntegerRange;
        if (result < min || result > max) throw SqlException.OutOfRange(target.Name);
        return result;
    }

    public static double ToDouble(Value value, SqlType target)
    {
        switch (value.Kind)
        {
            case ValueKind.Integer: return value.AsInteger;
            case ValueKind.Float: return value.AsFloat;
            case ValueKind.Numeric: return (double)value.AsNumeric;
            case ValueKind.Text:
                {
                    string s = value.AsText.Trim();
                    switch (s.ToLowerInvariant())
                    {
                        case "nan": return double.NaN;
                        case "infinity" or "+infinity" or "inf" or "+inf": return double.PositiveInfinity;
                        case "-infinity" or "-inf": return double.NegativeInfinity;
                    }
                    if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                    {
                        if (double.IsInfinity(d)) throw SqlException.OutOfRange(target.Name);
                        return d;
                    }
                    throw InvalidText(target, value.AsText);
                }
            default:
                throw CannotCast(value, target);
        }
    }

    public static decimal ToDecimal(Value value, SqlType target)
    {
        switch (value.Kind)
        {
            case ValueKind.Integer: return value.AsInteger;
            case ValueKind.Numeric: return value.AsNumeric;
            case ValueKind.Float:
                {
                    double d = value.AsFloat;
                    if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) >= 7.9e28) throw SqlException.OutOfRange(target.Name);
                    return (decimal)d;
                }
            case ValueKind.Text:
                {
                    string s = value.AsText.Trim();
                    if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d)) return d;
                    if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) throw SqlException.OutOfRange(target.Name);
                    throw InvalidText(target, value.AsText);
                }
            default:
                throw CannotCast(value, target);
        }
    }

    /// <summary>NUMERIC(p, s): rounds to s decimal places; more than p - s integer digits is 22003.</summary>
    public static decimal ApplyTypmod(decimal d, SqlType target)
    {
        if (target.Length <= 0) return d;
        d = Math.Round(d, Math.Min(target.Scale, 28), MidpointRounding.AwayFromZero);
        int integerDigits = target.Length - target.Scale;
        if (integerDigits < 29 && Math.Abs(Math.Truncate(d)) >= Pow10(integerDigits))
        {
            throw new SqlException(SqlState.NumericValueOutOfRange, $"numeric field overflow: a field with precision {target.Length}, scale {target.Scale} must round to an absolute value less than 10^{integerDigits}");
        }
        return d;
    }

    private static decimal Pow10(int n)
    {
        decimal p = 1;
        for (int i = 0; i < n; i++) p *= 10;
        return p;
    }

    public static bool ToBoolean(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Boolean: return value.AsBoolean;
            case ValueKind.Integer: return value.AsInteger != 0;
            case ValueKind.Text:
                switch (value.AsText.Trim().ToLowerInvariant())
                {
                    case "t" or "true" or "y" or "yes" or "on" or "1": return true;
                    case "f" or "false" or "n" or "no" or "off" or "0": return false;
                    default: throw InvalidText(SqlType.Boolean, value.AsText);
                }
            default:
                throw CannotCast(value, SqlType.Boolean);
        }
    }

    /// <summary>A value as a cast to text writes it (a boolean is <c>true</c> / <c>false</c>).</summary>
    public static string ToText(Value value) => value.Kind switch
    {
        ValueKind.Text => value.AsText,
        ValueKind.Boolean => value.AsBoolean ? "true" : "false",
        _ => value.ToString(),
    };

    /// <summary>
    /// A value in its type's output form, as concat() writes it: like <see cref="ToText"/> except that a
    /// boolean is <c>t</c> / <c>f</c> (PostgreSQL's boolout, where the cast to text says true / false).
    /// </summary>
    public static string ToOutputText(Value value) =>
        value.Kind == ValueKind.Boolean ? (value.AsBoolean ? "t" : "f") : ToText(value);

    private static SqlException InvalidText(SqlType target, string text) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {target.Name}: \"{text}\"");

    private static SqlException CannotCast(Value value, SqlType target) =>
        new(SqlState.DatatypeMismatch, $"cannot cast {value.Kind.ToString().ToLowerInvariant()} to {target.Name}");

    /// <summary>
    /// Whether a value of type <paramref name="from"/> may be assigned to a column of type
    /// <paramref name="to"/> without an explicit cast (PostgreSQL's assignment casts).
    /// </summary>
    public static bool CanAssign(SqlType from, SqlType to)
    {
        if (from.Id == SqlTypeId.Unknown || from.Id == to.Id) return true;
        if (from.IsNumeric && to.IsNumeric) return true;
        if (from.IsDateTime && to.IsDateTime) return true;
        if (from.IsString && to.IsString) return true;
        if (to.IsString) return true; // PostgreSQL assigns any type to text via its output function
        return false;
    }
}
