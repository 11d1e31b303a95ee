using System.Globalization;
using System.Text;

namespace OrleansDb.Tests.Differential;

/// <summary>
/// Compares two engines' rows after normalizing their values: booleans become 0/1 (SQLite has no boolean
/// type), integral doubles become integers, other doubles match within a relative tolerance. Rows compare
/// in order when the query's ORDER BY fixes it, as multisets otherwise.
/// </summary>
public static class ResultComparer
{
    private const double Tolerance = 1e-9;

    /// <summary>Null when the results match, else a description of the first difference.</summary>
    public static string? Difference(IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual, bool ordered)
    {
        var left = Normalize(expected, ordered);
        var right = Normalize(actual, ordered);
        if (left.Count != right.Count) return $"{left.Count} row(s) expected, {right.Count} returned";
        for (int i = 0; i < left.Count; i++)
        {
            if (left[i].Length != right[i].Length) return $"row {i}: {left[i].Length} column(s) expected, {right[i].Length} returned";
            for (int c = 0; c < left[i].Length; c++)
            {
                if (!ValueEquals(left[i][c], right[i][c])) return $"row {i} column {c}: expected {Format(left[i][c])}, returned {Format(right[i][c])}";
            }
        }
        return null;
    }

    /// <summary>The first <paramref name="max"/> rows, one per line, values normalized.</summary>
    public static string Format(IReadOnlyList<object?[]> rows, int max = 10)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Take(max)) text.Append("  ").AppendJoin(" | ", row.Select(v => Format(Normalize(v)))).AppendLine();
        if (rows.Count > max) text.Append(CultureInfo.InvariantCulture, $"  ... {rows.Count - max} more").AppendLine();
        return text.ToString();
    }

    private static List<object?[]> Normalize(IReadOnlyList<object?[]> rows, bool ordered)
    {
        var normalized = rows.Select(r => r.Select(Normalize).ToArray()).ToList();
        if (!ordered) normalized.Sort(CompareRows);
        return normalized;
    }

    private static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        bool b => b ? 1L : 0L,
        int i => (long)i,
        double d when Math.Floor(d) == d && Math.Abs(d) < 9e15 => (long)d,
        float f => Normalize((double)f),
        _ => value,
    };

    private static int CompareRows(object?[] x, object?[] y)
    {
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            int c = CompareValues(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }

    /// <summary>A total order for sorting: NULL, then numbers, then text.</summary>
    private static int CompareValues(object? x, object? y)
    {
        int rank = Rank(x).CompareTo(Rank(y));
        if (rank != 0) return rank;
        return x switch
        {
            null => 0,
            string s => string.CompareOrdinal(s, (string)y!),
            _ => ToDouble(x).CompareTo(ToDouble(y!)),
        };
    }

    private static int Rank(object? value) => value switch { null => 0, string => 2, _ => 1 };

    private static bool ValueEquals(object? x, object? y)
    {
        if (x is null || y is null) return x is null && y is null;
        if (x is string || y is string) return x is string s && y is string t && string.Equals(s, t, StringComparison.Ordinal);
        if (x is long l && y is long m) return l == m;
        double a = ToDouble(x), b = ToDouble(y);
        return a == b || Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private static double ToDouble(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
