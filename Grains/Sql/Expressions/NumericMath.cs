namespace OrleansDb.Sql.Expressions;

/// <summary>
/// NUMERIC division, sqrt, exp, ln, log and power on <see cref="decimal"/>, with the result scales
/// PostgreSQL chooses: at least 16 significant digits (NUMERIC_MIN_SIG_DIGITS) and never fewer decimals
/// than an input has. A decimal holds 28-29 significant digits and at most 28 decimals, so a scale
/// above 28 is cut to 28 and a magnitude beyond ±7.9e28 is 22003.
/// </summary>
public static class NumericMath
{
    private const int MinSignificantDigits = 16;
    private const int MaxScale = 28;

    private const decimal E = 2.7182818284590452353602874714m;
    private const decimal Ln10 = 2.3025850929940456840179914547m;

    /// <summary>1 with k decimals (1.000...), indexed by k: multiplying by it sets a value's scale up to k more.</summary>
    private static readonly decimal[] Ones = BuildOnes();

    private static readonly decimal[] PowersOf10 = BuildPowersOf10();

    /// <summary>a / b, rounded to PostgreSQL's select_div_scale.</summary>
    public static decimal Divide(decimal a, decimal b)
    {
        if (b == 0) throw SqlException.DivisionByZero();
        var (weight1, first1) = a == 0 ? (0, 0) : Leading(a);
        var (weight2, first2) = Leading(b);
        int quotientWeight = weight1 - weight2;
        if (first1 <= first2) quotientWeight--;
        int scale = Math.Max(MinSignificantDigits - quotientWeight * 4, Math.Max(a.Scale, b.Scale));
        return Checked(() => WithScale(a / b, scale));
    }

    public static decimal Sqrt(decimal x)
    {
        if (x < 0) throw new SqlException("2201F", "cannot take square root of a negative number");
        int weight = x == 0 ? 0 : Leading(x).Weight;
        int scale = Math.Max(MinSignificantDigits - (2 * weight + 1), x.Scale);
        if (x == 0) return WithScale(0m, scale);
        decimal r = (decimal)Math.Sqrt((double)x);
        for (int i = 0; i < 4; i++) r = (r + x / r) / 2;
        return WithScale(r, scale);
    }

    public static decimal Exp(decimal x)
    {
        double weight = Math.Clamp((double)x * 0.434294481903252, -2000, 2000);
        int scale = Math.Max(MinSignificantDigits - (int)weight, x.Scale);
        return WithScale(ExpValue(x), scale);
    }

    public static decimal Ln(decimal x)
    {
        CheckLogArgument(x);
        int scale = Math.Max(MinSignificantDigits - EstimateLnWeight(x), x.Scale);
        return WithScale(LnValue(x), scale);
    }

    /// <summary>log(b, x): the logarithm of <paramref name="x"/> to base <paramref name="b"/> (log(x) is log(10, x)).</summary>
    public static decimal Log(decimal b, decimal x)
    {
        CheckLogArgument(b);
        CheckLogArgument(x);
        decimal lnBase = LnValue(b);
        if (lnBase == 0) throw SqlException.DivisionByZero();
        int weight = EstimateLnWeight(x) - EstimateLnWeight(b);
        int scale = Math.Max(MinSignificantDigits - weight, Math.Max(b.Scale, x.Scale));
        return Checked(() => WithScale(LnValue(x) / lnBase, scale));
    }

    public static decimal Power(decimal b, decimal x)
    {
        if (b == 0 && x < 0) throw new SqlException("2201F", "zero raised to a negative power is undefined");
        if (x == decimal.Truncate(x) && x >= int.MinValue && x <= int.MaxValue)
        {
            int n = (int)x;
            double weight = b == 0 ? 0 : n * Math.Log10(Math.Abs((double)b));
            if (weight > 32768 * 4) throw Overflow();
            // PostgreSQL 15's power_var: an integer exponent gets max(16, the base's scale) decimals, whatever the result's size.
            return WithScale(IntegerPower(b, n), Math.Max(MinSignificantDigits, (int)b.Scale));
        }
        if (b == 0) return WithScale(0m, MinSignificantDigits);
        if (b < 0) throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
        decimal lnResult = Checked(() => LnValue(b) * x);
        double resultWeight = Math.Clamp((double)lnResult * 0.434294481903252, -2000, 2000);
        int powerScale = Math.Max(MinSignificantDigits - (int)resultWeight, Math.Max(b.Scale, x.Scale));
        return WithScale(ExpValue(lnResult), powerScale);
    }

    /// <summary>
    /// <paramref name="d"/> with <paramref name="scale"/> decimals (rounded half away from zero, or
    /// padded with zeros), within a decimal's 28 decimals and 28-29 significant digits.
    /// </summary>
    public static decimal WithScale(decimal d, int scale)
    {
        scale = Math.Clamp(scale, 0, MaxScale);
        if (d == 0) return new decimal(0, 0, 0, false, (byte)scale); // arithmetic on zero drops the scale
        if (d.Scale > scale) return Math.Round(d, scale, MidpointRounding.AwayFromZero);
        return d.Scale < scale ? d * Ones[scale - d.Scale] : d;
    }

    private static void CheckLogArgument(decimal x)
    {
        if (x == 0) throw new SqlException("2201E", "cannot take logarithm of zero");
        if (x < 0) throw new SqlException("2201E", "cannot take logarithm of a negative number");
    }

    private static SqlException Overflow() => new(SqlState.NumericValueOutOfRange, "value overflows numeric format");

    private static decimal Checked(Func<decimal> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            throw Overflow();
        }
    }

    /// <summary>e^x: e^n by squaring for the nearest integer n, times the Taylor series of e^(x - n).</summary>
    private static decimal ExpValue(decimal x)
    {
        if (x > 67) throw Overflow();
        if (x < -66) return 0m;
        decimal n = Math.Round(x);
        decimal f = x - n, term = 1, sum = 1;
        for (int k = 1; term != 0; k++)
        {
            term = term * f / k;
            sum += term;
        }
        decimal whole = Checked(() => IntegerPower(E, (int)Math.Abs(n)));
        return Checked(() => n < 0 ? sum / whole : sum * whole);
    }

    /// <summary>
    /// ln x for x &gt; 0: ln x = -ln(1/x) below 1; above, x = m * 10^k with 1 &lt;= m &lt; 10 and
    /// ln m by Halley's iteration on e^y = m from a double estimate.
    /// </summary>
    private static decimal LnValue(decimal x)
    {
        if (x == 1) return 0;
        if (x < 1) return -LnValue(1 / x);
        int k = DecimalWeight(x);
        decimal m = x / PowersOf10[k];
        decimal y = (decimal)Math.Log((double)m);
        for (int i = 0; i < 3; i++)
        {
            decimal r = m / ExpValue(y);
            y += 2 * (r - 1) / (r + 1);
        }
        return y + k * Ln10;
    }

    private static decimal IntegerPower(decimal b, int n)
    {
        if (n < 0)
        {
            decimal denominator;
            try
            {
                denominator = IntegerPower(b, -(long)n);
            }
            catch (OverflowException)
            {
                return 0m; // below a decimal's smallest step
            }
            return 1 / denominator;
        }
        return Checked(() => IntegerPower(b, (long)n));
    }

    private static decimal IntegerPower(decimal b, long n)
    {
        decimal result = 1;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= b;
            n >>= 1;
            if (n > 0) b *= b;
        }
        return result;
    }

    /// <summary>
    /// PostgreSQL's estimate_ln_dweight: the decimal weight of ln x, from |x - 1| near 1 and otherwise
    /// from the first two base-10000 digit groups of x.
    /// </summary>
    private static int EstimateLnWeight(decimal x)
    {
        if (x <= 0) return 0;
        if (x >= 0.9m && x <= 1.1m) return x == 1 ? 0 : DecimalWeight(x - 1);
        var (weight, first) = Leading(x);
        decimal scaled = ScaleToGroup(x, weight);
        double digits = first;
        int digitsWeight = weight * 4;
        if (scaled != first)
        {
            digits = first * 10000.0 + (double)decimal.Truncate((scaled - first) * 10000);
            digitsWeight -= 4;
        }
        double lnX = Math.Log(digits) + digitsWeight * 2.302585092994046;
        return (int)Math.Log10(Math.Abs(lnX));
    }

    /// <summary>The base-10000 weight of the leading digit group of d ≠ 0 and that group's value (1-9999), as PostgreSQL stores numerics.</summary>
    private static (int Weight, int First) Leading(decimal d)
    {
        int weight = (int)Math.Floor(DecimalWeight(d) / 4.0);
        return (weight, (int)decimal.Truncate(ScaleToGroup(d, weight)));
    }

    /// <summary>|d| / 10000^weight, a value in [1, 10000) when weight is the leading group's.</summary>
    private static decimal ScaleToGroup(decimal d, int weight) =>
        weight >= 0 ? Math.Abs(d) / PowersOf10[4 * weight] : Math.Abs(d) * PowersOf10[-4 * weight];

    /// <summary>floor(log10 |d|) for d ≠ 0: the position of its first significant digit.</summary>
    private static int DecimalWeight(decimal d)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        int digits = 0;
        for (; mantissa > 0; mantissa /= 10) digits++;
        return digits - 1 - d.Scale;
    }

    private static decimal[] BuildOnes()
    {
        var ones = new decimal[MaxScale + 1];
        ones[0] = 1m;
        for (int k = 1; k <= MaxScale; k++) ones[k] = ones[k - 1] * 1.0m;
        return ones;
    }

    private static decimal[] BuildPowersOf10()
    {
        var powers = new decimal[MaxScale + 1];
        powers[0] = 1m;
        for (int k = 1; k <= MaxScale; k++) powers[k] = powers[k - 1] * 10;
        return powers;
    }
}
