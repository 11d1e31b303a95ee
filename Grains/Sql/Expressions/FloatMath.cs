namespace OrleansDb.Sql.Expressions;

/// <summary>
/// sqrt, exp, ln, log and power on double precision with PostgreSQL's errors: 2201E for the logarithm
/// of zero or a negative number, 2201F for invalid powers and square roots, 22003 for a result that
/// overflows or underflows a double.
/// </summary>
public static class FloatMath
{
    public static double Sqrt(double x) =>
        x < 0 ? throw new SqlException("2201F", "cannot take square root of a negative number") : Math.Sqrt(x);

    public static double Exp(double x) => CheckRange(Math.Exp(x), x);

    public static double Ln(double x)
    {
        CheckLogArgument(x);
        return Math.Log(x);
    }

    public static double Log10(double x)
    {
        CheckLogArgument(x);
        return Math.Log10(x);
    }

    public static double Power(double b, double x)
    {
        if (b == 0 && x < 0) throw new SqlException("2201F", "zero raised to a negative power is undefined");
        if (b < 0 && x != Math.Floor(x) && double.IsFinite(x))
        {
            throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
        }
        return CheckRange(Math.Pow(b, x), b, x);
    }

    private static void CheckLogArgument(double x)
    {
        if (x == 0) throw new SqlException("2201E", "cannot take logarithm of zero");
        if (x < 0) throw new SqlException("2201E", "cannot take logarithm of a negative number");
    }

    /// <summary>An infinite result from finite arguments overflows; a zero result from non-zero finite ones underflows.</summary>
    private static double CheckRange(double result, params ReadOnlySpan<double> args)
    {
        bool finiteArgs = true;
        foreach (double a in args) finiteArgs &= double.IsFinite(a);
        if (!finiteArgs) return result;
        if (double.IsInfinity(result)) throw new SqlException(SqlState.NumericValueOutOfRange, "value out of range: overflow");
        if (result == 0 && args[0] != 0) throw new SqlException(SqlState.NumericValueOutOfRange, "value out of range: underflow");
        return result;
    }
}
