using System.Globalization;
using System.Text;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Compares a query's rows with its expected block: renders and orders the values, hashes them when the
/// hash threshold is exceeded or the query is labelled, and checks that equal labels hash the same.
/// </summary>
internal sealed class SqlLogicQueryChecker(SqlLogicResultSet resultSet, FileRun run)
{
    private const int LabelLength = 20;
    private const string HashMarker = " values hashing to ";

    private readonly Dictionary<string, (string Hash, int Line)> _labels = new(StringComparer.Ordinal);
    private readonly StringBuilder _text = new();

    /// <summary>Results with more values than this are compared by hash (0: never, unless labelled).</summary>
    public int HashThreshold { get; set; }

    /// <summary>Returns null when <paramref name="rows"/> match, else a description of what came back.</summary>
    public string? Check(QueryRecord query, IReadOnlyList<object?[]> rows)
    {
        var values = SqlLogicResultSet.Render(rows, query.Types, query.SortMode, out var actualColumns);
        if (values is null)
        {
            return $"{actualColumns} columns, expected {query.Types.Length} ({query.Types})";
        }

        var expectsHash = IsHashLine(query.Expected);
        var hashed = query.Label is not null || (HashThreshold > 0 && values.Length > HashThreshold) || expectsHash;
        var hash = hashed ? resultSet.Hash(values) : null;

        bool matches;
        if (expectsHash)
        {
            matches = string.Equals(query.Expected[0], SqlLogicResultSet.HashLine(values.Length, hash!), StringComparison.Ordinal);
        }
        else
        {
            matches = SameValues(values, query.Expected);
        }

        if (!matches)
        {
            return DescribeActual(values, query.Types.Length, hash);
        }

        return query.Label is null ? null : CheckLabel(query, hash!, values);
    }

    /// <summary>The expected block, rows on one line each when it is a list of values.</summary>
    public string DescribeExpected(QueryRecord query)
    {
        if (query.Expected.Count == 0)
        {
            return "(no rows)";
        }

        return IsHashLine(query.Expected) ? query.Expected[0] : FormatRows(query.Expected, query.Types.Length);
    }

    private string? CheckLabel(QueryRecord query, string hash, string[] values)
    {
        var key = query.Label!.Length > LabelLength ? query.Label[..LabelLength] : query.Label;
        if (_labels.TryGetValue(key, out var earlier))
        {
            return string.Equals(earlier.Hash, hash, StringComparison.Ordinal)
                ? null
                : $"label '{key}' hashed to {hash}, but to {earlier.Hash} at line {earlier.Line.ToString(CultureInfo.InvariantCulture)}\n"
                  + DescribeActual(values, query.Types.Length, hash);
        }

        _labels[key] = (hash, query.Line);
        return null;
    }

    private string DescribeActual(string[] values, int columns, string? hash)
    {
        if (values.Length == 0)
        {
            return "(no rows)";
        }

        var rows = FormatRows(values, columns);
        return hash is null ? rows : SqlLogicResultSet.HashLine(values.Length, hash) + "\n" + rows;
    }

    /// <summary>Values joined a row per line, cut early: failures get truncated anyway.</summary>
    private string FormatRows(IReadOnlyList<string> values, int columns)
    {
        var limit = Math.Max(run.MaxOutputChars, 80) * 2;
        _text.Clear();
        for (var i = 0; i < values.Count && _text.Length < limit; i++)
        {
            if (i > 0)
            {
                _text.Append(columns > 0 && i % columns == 0 ? '\n' : ' ');
            }

            _text.Append(values[i]);
        }

        if (_text.Length >= limit)
        {
            _text.Append(" …");
        }

        return _text.ToString();
    }

    private static bool SameValues(string[] actual, IReadOnlyList<string> expected)
    {
        if (actual.Length != expected.Count)
        {
            return false;
        }

        for (var i = 0; i < actual.Length; i++)
        {
            if (!string.Equals(actual[i], expected[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHashLine(IReadOnlyList<string> expected) =>
        expected.Count == 1 && expected[0].Contains(HashMarker, StringComparison.Ordinal);
}
