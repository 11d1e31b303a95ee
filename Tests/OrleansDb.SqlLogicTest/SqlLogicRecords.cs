namespace OrleansDb.SqlLogicTest;

/// <summary>How a query's result values are ordered before comparison and hashing.</summary>
public enum SortMode
{
    /// <summary>Values are compared in the order the backend returned them.</summary>
    NoSort,

    /// <summary>Rows are sorted by their rendered values, column by column (ordinal).</summary>
    RowSort,

    /// <summary>All rendered values are sorted individually (ordinal).</summary>
    ValueSort,
}

/// <summary>A <c>skipif</c> / <c>onlyif</c> prefix of a record.</summary>
public sealed record SqlLogicCondition(bool OnlyIf, string Engine)
{
    /// <summary>True when the record applies to <paramref name="engineName"/>.</summary>
    public bool Allows(string engineName) =>
        OnlyIf == string.Equals(Engine, engineName, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One record of a test file; <see cref="Line"/> is the 1-based line of its command.</summary>
public abstract record SqlLogicRecord(int Line, IReadOnlyList<SqlLogicCondition> Conditions)
{
    /// <summary>True when every skipif/onlyif prefix lets the record run on <paramref name="engineName"/>.</summary>
    public bool AppliesTo(string engineName)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.Allows(engineName))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>statement ok</c> or <c>statement error</c>.</summary>
public sealed record StatementRecord(int Line, IReadOnlyList<SqlLogicCondition> Conditions, bool ExpectError, string Sql)
    : SqlLogicRecord(Line, Conditions);

/// <summary>
/// <c>query &lt;types&gt; [sort] [label]</c>. <see cref="Expected"/> holds the expected lines: either the
/// values (one per line, row-major) or a single <c>N values hashing to MD5</c> line.
/// </summary>
public sealed record QueryRecord(
    int Line,
    IReadOnlyList<SqlLogicCondition> Conditions,
    string Types,
    SortMode SortMode,
    string? Label,
    string Sql,
    IReadOnlyList<string> Expected)
    : SqlLogicRecord(Line, Conditions);

/// <summary><c>hash-threshold N</c>.</summary>
public sealed record HashThresholdRecord(int Line, IReadOnlyList<SqlLogicCondition> Conditions, int Threshold)
    : SqlLogicRecord(Line, Conditions);

/// <summary><c>halt</c>: ends the file for engines it applies to.</summary>
public sealed record HaltRecord(int Line, IReadOnlyList<SqlLogicCondition> Conditions)
    : SqlLogicRecord(Line, Conditions);

/// <summary>A record the parser could not understand; the runner reports it as a failure.</summary>
public sealed record InvalidRecord(int Line, IReadOnlyList<SqlLogicCondition> Conditions, string Text, string Reason)
    : SqlLogicRecord(Line, Conditions);
