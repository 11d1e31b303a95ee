using System.Text;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>
/// A built-in scalar function: how it types its arguments (null = no overload fits) and how it runs.
/// Strict functions return NULL when any argument is NULL without being called.
/// </summary>
public sealed record ScalarFunction(
    string Name,
    Func<IReadOnlyList<SqlType>, (SqlType Result, SqlType[] Args)?> Resolve,
    Func<Value[], SqlType, Value> Invoke,
    bool Strict = true);

/// <summary>The scalar functions the binder knows, by lower-case name.</summary>
public static class ScalarFunctions
{
    private static readonly Dictionary<string, ScalarFunction> ByName = new(StringComparer.Ordinal);

    static ScalarFunctions()
    {
        Add("abs", NumericUnary, (a, t) => t.IsInteger ? Value.FromInteger(CheckedAbs(a[0].AsInteger, t))
            : t.IsDecimal ? Value.FromNumeric(Math.Abs(a[0].AsNumeric)) : Value.FromFloat(Math.Abs(a[0].AsFloat)));
        Add("lower", TextUnary, (a, _) => Value.FromText(a[0].AsText.ToLowerInvariant()));
        Add("upper", TextUnary, (a, _) => Value.FromText(a[0].AsText.ToUpperInvariant()));
        Add("length", TextToInteger, (a, _) => Value.FromInteger(TextLength(a[0].AsText)));
        Add("char_length", TextToInteger, (a, _) => Value.FromInteger(TextLength(a[0].AsText)));
        Add("ceil", FloatUnary, (a, t) => Rounded(a[0], t, Math.Ceiling, Math.Ceiling));
        Add("ceiling", FloatUnary, (a, t) => Rounded(a[0], t, Math.Ceiling, Math.Ceiling));
        Add("floor", FloatUnary, (a, t) => Rounded(a[0], t, Math.Floor, Math.Floor));
        Add("trunc", FloatUnary, (a, t) => Rounded(a[0], t, Math.Truncate, Math.Truncate));
        Add("round", Round, (a, t) => t.IsDecimal
            ? Value.FromNumeric(Math.Round(a[0].AsNumeric, a.Length == 1 ? 0 : (int)Math.Clamp(a[1].AsInteger, 0, 28), MidpointRounding.AwayFromZero))
            : Value.FromFloat(Math.Round(a[0].AsFloat, MidpointRounding.ToEven)));
        Add("sign", NumericUnary, (a, t) => t.IsInteger ? Value.FromInteger(Math.Sign(a[0].AsInteger))
            : t.IsDecimal ? Value.FromNumeric(Math.Sign(a[0].AsNumeric)) : Value.FromFloat(Math.Sign(a[0].AsFloat)));
        Add("sqrt", DoubleOrNumericUnary, (a, t) => t.IsDecimal ? Value.FromNumeric(NumericMath.Sqrt(a[0].AsNumeric)) : Value.FromFloat(FloatMath.Sqrt(a[0].AsFloat)));
        Add("exp", DoubleOrNumericUnary, (a, t) => t.IsDecimal ? Value.FromNumeric(NumericMath.Exp(a[0].AsNumeric)) : Value.FromFloat(FloatMath.Exp(a[0].AsFloat)));
        Add("ln", DoubleOrNumericUnary, (a, t) => t.IsDecimal ? Value.FromNumeric(NumericMath.Ln(a[0].AsNumeric)) : Value.FromFloat(FloatMath.Ln(a[0].AsFloat)));
        Add("log", Log, (a, t) => a.Length == 2 ? Value.FromNumeric(NumericMath.Log(a[0].AsNumeric, a[1].AsNumeric))
            : t.IsDecimal ? Value.FromNumeric(NumericMath.Log(10, a[0].AsNumeric)) : Value.FromFloat(FloatMath.Log10(a[0].AsFloat)));
        Add("power", Power, (a, t) => t.IsDecimal ? Value.FromNumeric(NumericMath.Power(a[0].AsNumeric, a[1].AsNumeric)) : Value.FromFloat(FloatMath.Power(a[0].AsFloat, a[1].AsFloat)));
        Add("pow", Power, (a, t) => t.IsDecimal ? Value.FromNumeric(NumericMath.Power(a[0].AsNumeric, a[1].AsNumeric)) : Value.FromFloat(FloatMath.Power(a[0].AsFloat, a[1].AsFloat)));
        Add("mod", IntegerBinary, (a, t) => t.IsDecimal
            ? (a[1].ToDecimal() == 0 ? throw SqlException.DivisionByZero() : Value.FromNumeric(a[0].ToDecimal() % a[1].ToDecimal()))
            : a[1].AsInteger == 0 ? throw SqlException.DivisionByZero() : Value.FromInteger(a[1].AsInteger == -1 ? 0 : a[0].AsInteger % a[1].AsInteger));
        Add("substr", Substring, (a, _) => Value.FromText(Substr(a)));
        Add("substring", Substring, (a, _) => Value.FromText(Substr(a)));
        Add("trim", TextUnary, (a, _) => Value.FromText(a[0].AsText.Trim(' ')));
        Add("ltrim", TextUnary, (a, _) => Value.FromText(a[0].AsText.TrimStart(' ')));
        Add("rtrim", TextUnary, (a, _) => Value.FromText(a[0].AsText.TrimEnd(' ')));
        Add("replace", args => args.Count == 3 && args.All(IsTextLike) ? (SqlType.Text, [SqlType.Text, SqlType.Text, SqlType.Text]) : null,
            (a, _) => Value.FromText(a[1].AsText.Length == 0 ? a[0].AsText : a[0].AsText.Replace(a[1].AsText, a[2].AsText, StringComparison.Ordinal)));
        Add("concat", args => args.Count >= 1 ? (SqlType.Text, args.Select(t => t.Id == SqlTypeId.Unknown ? SqlType.Text : t).ToArray()) : null,
            (a, _) =>
            {
                var sb = new StringBuilder();
                foreach (var v in a)
                {
                    if (!v.IsNull) sb.Append(Casts.ToOutputText(v));
                }
                return Value.FromText(sb.ToString());
            },
            strict: false);
    }

    private static void Add(string name, Func<IReadOnlyList<SqlType>, (SqlType, SqlType[])?> resolve, Func<Value[], SqlType, Value> invoke, bool strict = true) =>
        ByName[name] = new ScalarFunction(name, resolve, invoke, strict);

    public static ScalarFunction? Find(string name) => ByName.GetValueOrDefault(name);

    private static bool IsTextLike(SqlType t) => t.IsString || t.Id == SqlTypeId.Unknown;

    private static bool IsNumberLike(SqlType t) => t.IsNumeric || t.Id == SqlTypeId.Unknown;

    private static (SqlType, SqlType[])? NumericUnary(IReadOnlyList<SqlType> a)
    {
        if (a.Count != 1 || !IsNumberLike(a[0])) return null;
        var t = a[0].Id == SqlTypeId.Unknown ? SqlType.Double : a[0].IsInteger ? a[0] : Keep(a[0]);
        return (t, [t]);
    }

    private static (SqlType, SqlType[])? FloatUnary(IReadOnlyList<SqlType> a) =>
        a.Count == 1 && IsNumberLike(a[0]) ? (Keep(a[0]), [Keep(a[0])]) : null;

    /// <summary>Integers and numerics keep their type; anything else rounds as double precision.</summary>
    private static SqlType Keep(SqlType t) => t.IsInteger ? t : t.IsDecimal ? SqlType.Numeric : SqlType.Double;

    private static Value Rounded(Value v, SqlType t, Func<decimal, decimal> onDecimal, Func<double, double> onDouble) =>
        t.IsInteger ? v : t.IsDecimal ? Value.FromNumeric(onDecimal(v.AsNumeric)) : Value.FromFloat(onDouble(v.AsFloat));

    /// <summary>
    /// The overloads (double precision) and (numeric) of sqrt, exp, ln, log: a numeric argument keeps
    /// numeric; integers, floats and untyped literals take double precision, PostgreSQL's preferred type.
    /// </summary>
    private static (SqlType, SqlType[])? DoubleOrNumericUnary(IReadOnlyList<SqlType> a)
    {
        if (a.Count != 1 || !IsNumberLike(a[0])) return null;
        var t = a[0].IsDecimal ? SqlType.Numeric : SqlType.Double;
        return (t, [t]);
    }

    /// <summary>log(x) as <see cref="DoubleOrNumericUnary"/>; log(b, x) exists for numeric only (a float argument has no implicit cast to it).</summary>
    private static (SqlType, SqlType[])? Log(IReadOnlyList<SqlType> a)
    {
        if (a.Count == 1) return DoubleOrNumericUnary(a);
        if (a.Count != 2 || !a.All(t => t.IsInteger || t.IsDecimal || t.Id == SqlTypeId.Unknown)) return null;
        return (SqlType.Numeric, [SqlType.Numeric, SqlType.Numeric]);
    }

    /// <summary>power(double, double) or power(numeric, numeric): numeric when an argument is numeric and none is a float.</summary>
    private static (SqlType, SqlType[])? Power(IReadOnlyList<SqlType> a)
    {
        if (a.Count != 2 || !IsNumberLike(a[0]) || !IsNumberLike(a[1])) return null;
        var t = PowerType(a[0], a[1]);
        return (t, [t, t]);
    }

    /// <summary>The type of power(a, b) and a ^ b: numeric when an operand is numeric and none is a float, else double precision.</summary>
    public static SqlType PowerType(SqlType a, SqlType b) =>
        !a.IsFloat && !b.IsFloat && (a.IsDecimal || b.IsDecimal) ? SqlType.Numeric : SqlType.Double;

    private static (SqlType, SqlType[])? IntegerBinary(IReadOnlyList<SqlType> a)
    {
        if (a.Count != 2 || !a.All(t => t.IsInteger || t.IsDecimal || t.Id == SqlTypeId.Unknown)) return null;
        var t = a.Any(x => x.IsDecimal) ? SqlType.Numeric : a.Any(x => x.Id == SqlTypeId.BigInt) ? SqlType.BigInt : SqlType.Integer;
        return (t, [t, t]);
    }

    /// <summary>round(numeric [, scale]) is numeric; round(double) rounds half to even as PostgreSQL's float8 round does.</summary>
    private static (SqlType, SqlType[])? Round(IReadOnlyList<SqlType> a)
    {
        if (a.Count is not (1 or 2) || !IsNumberLike(a[0]) || (a.Count == 2 && !(a[1].IsInteger || a[1].Id == SqlTypeId.Unknown))) return null;
        if (a.Count == 2 || a[0].IsInteger || a[0].IsDecimal || a[0].Id == SqlTypeId.Unknown)
        {
            return (SqlType.Numeric, a.Count == 1 ? [SqlType.Numeric] : [SqlType.Numeric, SqlType.Integer]);
        }
        return (SqlType.Double, [SqlType.Double]);
    }

    private static (SqlType, SqlType[])? TextUnary(IReadOnlyList<SqlType> a) =>
        a.Count == 1 && IsTextLike(a[0]) ? (SqlType.Text, [SqlType.Text]) : null;

    private static (SqlType, SqlType[])? TextToInteger(IReadOnlyList<SqlType> a) =>
        a.Count == 1 && IsTextLike(a[0]) ? (SqlType.Integer, [SqlType.Text]) : null;

    private static (SqlType, SqlType[])? Substring(IReadOnlyList<SqlType> a) =>
        a.Count is 2 or 3 && IsTextLike(a[0]) && a.Skip(1).All(t => t.IsInteger || t.Id == SqlTypeId.Unknown)
            ? (SqlType.Text, a.Count == 2 ? [SqlType.Text, SqlType.Integer] : [SqlType.Text, SqlType.Integer, SqlType.Integer])
            : null;

    private static long CheckedAbs(long v, SqlType t) =>
        v == t.IntegerRange.Min ? throw SqlException.OutOfRange(t.Name) : Math.Abs(v);

    private static int TextLength(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!char.IsLowSurrogate(s[i])) n++;
        }
        return n;
    }

    /// <summary>PostgreSQL's substr: 1-based start, which may lie before the string; negative length is an error.</summary>
    private static string Substr(Value[] a)
    {
        string s = a[0].AsText;
        long start = a[1].AsInteger;
        long end = a.Length > 2 ? (a[2].AsInteger < 0
            ? throw new SqlException("22011", "negative substring length not allowed")
            : start + a[2].AsInteger) : long.MaxValue;
        long from = Math.Max(start, 1) - 1;
        long to = Math.Min(end - 1, s.Length);
        return from >= to || from >= s.Length ? "" : s[(int)from..(int)to];
    }
}
