using System.Globalization;
using System.Runtime.CompilerServices;

namespace OrleansDb.Sql.Types;

/// <summary>
/// One SQL value: NULL, a boolean, a 64-bit integer, a double or a string. Integers of every SQL width
/// are held as <see cref="long"/>; the bound expression's type carries the width and its overflow rule.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly object? _ref;
    private readonly long _bits;

    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    public ValueKind Kind { get; }

    public static readonly Value Null;
    public static readonly Value True = new(ValueKind.Boolean, 1, null);
    public static readonly Value False = new(ValueKind.Boolean, 0, null);

    public static Value FromBoolean(bool b) => b ? True : False;
    public static Value FromInteger(long i) => new(ValueKind.Integer, i, null);
    public static Value FromFloat(double d) => new(ValueKind.Float, BitConverter.DoubleToInt64Bits(d), null);
    public static Value FromText(string s) => new(ValueKind.Text, 0, s);

    public static Value FromNumeric(decimal d) => new(ValueKind.Numeric, 0, d);

    /// <summary>A DATE as days since 2000-01-01.</summary>
    public static Value FromDate(long days) => new(ValueKind.Date, days, null);

    /// <summary>A TIMESTAMP as microseconds since 2000-01-01 00:00:00.</summary>
    public static Value FromTimestamp(long micros) => new(ValueKind.Timestamp, micros, null);

    public static Value FromBytes(byte[] bytes) => new(ValueKind.Bytes, 0, bytes);

    /// <summary>PostgreSQL's epoch for dates and timestamps.</summary>
    public static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public bool IsNull => Kind == ValueKind.Null;
    public bool AsBoolean => _bits != 0;
    public long AsInteger => _bits;
    public double AsFloat => BitConverter.Int64BitsToDouble(_bits);
    public string AsText => (string)_ref!;
    public decimal AsNumeric => (decimal)_ref!;
    public long AsDays => _bits;
    public long AsMicros => _bits;
    public byte[] AsBytes => (byte[])_ref!;

    public DateOnly AsDateOnly => DateOnly.FromDateTime(Epoch.AddDays(_bits));
    public DateTime AsDateTime => Epoch.AddTicks(_bits * 10);

    /// <summary>The value as a decimal, for integer or numeric values.</summary>
    public decimal ToDecimal() => Kind == ValueKind.Integer ? _bits : AsNumeric;

    /// <summary>The value as a double, for integer, numeric or float values.</summary>
    public double ToDouble() => Kind switch
    {
        ValueKind.Integer => _bits,
        ValueKind.Numeric => (double)AsNumeric,
        _ => AsFloat,
    };

    /// <summary>The value as a CLR object (null, bool, long, double, string) for results and the wire.</summary>
    public object? ToObject() => Kind switch
    {
        ValueKind.Null => null,
        ValueKind.Boolean => AsBoolean,
        ValueKind.Integer => AsInteger,
        ValueKind.Float => AsFloat,
        ValueKind.Text => AsText,
        ValueKind.Numeric => AsNumeric,
        ValueKind.Date => AsDateOnly,
        ValueKind.Timestamp => AsDateTime,
        ValueKind.Bytes => AsBytes,
        _ => throw new InvalidOperationException($"unknown value kind {Kind}"),
    };

    public static Value FromObject(object? o) => o switch
    {
        null => Null,
        bool b => FromBoolean(b),
        long l => FromInteger(l),
        int i => FromInteger(i),
        short s => FromInteger(s),
        byte b => FromInteger(b),
        double d => FromFloat(d),
        float f => FromFloat(f),
        decimal m => FromNumeric(m),
        string s => FromText(s),
        DateOnly d => FromDate(d.DayNumber - DateOnly.FromDateTime(Epoch).DayNumber),
        DateTime t => FromTimestamp((t.Ticks - Epoch.Ticks) / 10),
        byte[] b => FromBytes(b),
        Value v => v,
        _ => throw new SqlException(SqlState.DatatypeMismatch, $"values of CLR type {o.GetType().Name} are not supported"),
    };

    public bool Equals(Value other) => Kind == other.Kind && _bits == other._bits
        && (Kind == ValueKind.Bytes ? AsBytes.AsSpan().SequenceEqual(other.AsBytes) : Equals(_ref, other._ref));

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Text => string.GetHashCode(AsText, StringComparison.Ordinal),
        ValueKind.Float => AsFloat.GetHashCode(),
        ValueKind.Numeric => AsNumeric.GetHashCode(),
        ValueKind.Bytes => ByteHash(AsBytes),
        _ => HashCode.Combine(Kind, _bits),
    };

    private static int ByteHash(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(Value a, Value b) => a.Equals(b);
    public static bool operator !=(Value a, Value b) => !a.Equals(b);

    /// <summary>
    /// Total order used by sorting and keys: NULL sorts after every value (PostgreSQL's default for
    /// ASC); integers and floats compare numerically; text compares by ordinal code points (C collation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(in Value a, in Value b)
    {
        if (a.Kind == b.Kind)
        {
            switch (a.Kind)
            {
                case ValueKind.Integer: return a._bits.CompareTo(b._bits);
                case ValueKind.Float: return CompareFloats(a.AsFloat, b.AsFloat);
                case ValueKind.Text: return CompareCodePoints(a.AsText, b.AsText);
                case ValueKind.Boolean: return a._bits.CompareTo(b._bits);
                case ValueKind.Numeric: return decimal.Compare(a.AsNumeric, b.AsNumeric);
                case ValueKind.Date or ValueKind.Timestamp: return a._bits.CompareTo(b._bits);
                case ValueKind.Bytes: return a.AsBytes.AsSpan().SequenceCompareTo(b.AsBytes);
                case ValueKind.Null: return 0;
            }
        }
        if (a.IsNull) return 1;
        if (b.IsNull) return -1;
        if (IsNumber(a.Kind) && IsNumber(b.Kind))
        {
            if (a.Kind != ValueKind.Float && b.Kind != ValueKind.Float) return decimal.Compare(a.ToDecimal(), b.ToDecimal());
            return CompareNumeric(a, b);
        }
        if (a.Kind is ValueKind.Date or ValueKind.Timestamp && b.Kind is ValueKind.Date or ValueKind.Timestamp)
        {
            return a.ToMicros().CompareTo(b.ToMicros());
        }
        return ((int)a.Kind).CompareTo((int)b.Kind);
    }

    private static bool IsNumber(ValueKind kind) => kind is ValueKind.Integer or ValueKind.Float or ValueKind.Numeric;

    /// <summary>A date or timestamp as microseconds since the epoch (a date is its midnight).</summary>
    public long ToMicros() => Kind == ValueKind.Date ? _bits * 86_400_000_000L : _bits;

    /// <summary>Orders doubles as PostgreSQL does: NaN equals NaN and sorts above every other value.</summary>
    public static int CompareFloats(double x, double y)
    {
        if (double.IsNaN(x)) return double.IsNaN(y) ? 0 : 1;
        if (double.IsNaN(y)) return -1;
        return x.CompareTo(y);
    }

    /// <summary>
    /// Orders strings by Unicode code point (the order of their UTF-8 bytes, as keys are stored), which
    /// differs from UTF-16 code-unit order only for characters above U+FFFF.
    /// </summary>
    public static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            if (x >= 0xD800 && y >= 0xD800) return Fix(x).CompareTo(Fix(y));
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);

        // Surrogates (U+D800-DFFF) encode code points above U+FFFF: they sort after U+E000-FFFF.
        static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    private static int CompareNumeric(in Value a, in Value b)
    {
        // An integer and a double compare exactly: doubles beyond 2^53 are compared through decimal
        // only when the double has no fractional part and fits a long.
        double x = a.ToDouble(), y = b.ToDouble();
        int c = CompareFloats(x, y);
        if (c != 0 || double.IsNaN(x)) return c;
        if (a.Kind == ValueKind.Numeric || b.Kind == ValueKind.Numeric) return 0;
        if (a.Kind == ValueKind.Integer && b.Kind == ValueKind.Float && Math.Abs(y) < 9.2e18)
        {
            return a._bits.CompareTo((long)y);
        }
        if (a.Kind == ValueKind.Float && b.Kind == ValueKind.Integer && Math.Abs(x) < 9.2e18)
        {
            return ((long)x).CompareTo(b._bits);
        }
        return 0;
    }

    public override string ToString() => Kind switch
    {
        ValueKind.Null => "NULL",
        ValueKind.Boolean => AsBoolean ? "true" : "false",
        ValueKind.Integer => AsInteger.ToString(CultureInfo.InvariantCulture),
        ValueKind.Float => FormatFloat(AsFloat),
        ValueKind.Text => AsText,
        ValueKind.Numeric => AsNumeric.ToString(CultureInfo.InvariantCulture),
        ValueKind.Date => AsDateOnly.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ValueKind.Timestamp => FormatTimestamp(AsDateTime),
        ValueKind.Bytes => "\\x" + Convert.ToHexStringLower(AsBytes),
        _ => "?",
    };

    /// <summary>A timestamp as PostgreSQL prints it: fractional seconds only when there are some.</summary>
    public static string FormatTimestamp(DateTime t)
    {
        string text = t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        return text.EndsWith('.') ? text[..^1] : text;
    }

    /// <summary>Formats a double the way PostgreSQL prints float8 (shortest round-trip form, 1e+20 style exponents).</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (double.IsNaN(d)) return "NaN";
        return PostgresExponent(d.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Formats a real (float4) with float4's shortest round-trip digits.</summary>
    public static string FormatReal(double d)
    {
        if (double.IsInfinity(d) || double.IsNaN(d)) return FormatFloat(d);
        return PostgresExponent(((float)d).ToString("R", CultureInfo.InvariantCulture));
    }

    private static string PostgresExponent(string text)
    {
        int e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return text;
        string mantissa = text[..e];
        string exponent = text[(e + 1)..];
        char sign = exponent[0] == '-' ? '-' : '+';
        string digits = exponent.TrimStart('+', '-').TrimStart('0');
        return $"{mantissa}e{sign}{digits.PadLeft(2, '0')}";
    }
}
