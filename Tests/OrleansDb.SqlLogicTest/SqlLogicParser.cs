using System.Globalization;

namespace OrleansDb.SqlLogicTest;

/// <summary>Turns the text of a sqllogictest file into records (see the corpus README for the format).</summary>
public static class SqlLogicParser
{
    private const string ResultSeparator = "----";
    private static readonly char[] Whitespace = [' ', '\t', '\v', '\f'];

    public static IReadOnlyList<SqlLogicRecord> Parse(string text)
    {
        var lines = SplitLines(text);
        var records = new List<SqlLogicRecord>();
        var conditions = new List<SqlLogicCondition>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (IsBlank(line))
            {
                conditions.Clear(); // a skipif/onlyif not followed by a record is dropped
                i++;
                continue;
            }

            if (IsComment(line))
            {
                i++;
                continue;
            }

            var tokens = Tokenize(line);
            var lineNumber = i + 1;
            i++;
            switch (tokens[0])
            {
                case "skipif":
                case "onlyif":
                    if (tokens.Length < 2)
                    {
                        records.Add(Invalid(lineNumber, conditions, line, $"'{tokens[0]}' needs an engine name"));
                        SkipToBlank(lines, ref i);
                        conditions.Clear();
                    }
                    else
                    {
                        conditions.Add(new SqlLogicCondition(tokens[0] == "onlyif", tokens[1]));
                    }

                    continue;
                case "statement":
                    records.Add(ParseStatement(lines, ref i, lineNumber, conditions.ToArray(), tokens, line));
                    break;
                case "query":
                    records.Add(ParseQuery(lines, ref i, lineNumber, conditions.ToArray(), tokens, line));
                    break;
                case "hash-threshold":
                    records.Add(tokens.Length >= 2
                        && int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var threshold)
                        ? new HashThresholdRecord(lineNumber, conditions.ToArray(), threshold)
                        : Invalid(lineNumber, conditions, line, "hash-threshold needs a non-negative integer"));
                    SkipToBlank(lines, ref i);
                    break;
                case "halt":
                    records.Add(new HaltRecord(lineNumber, conditions.ToArray()));
                    SkipToBlank(lines, ref i);
                    break;
                default:
                    records.Add(Invalid(lineNumber, conditions, line, $"unknown record type '{tokens[0]}'"));
                    SkipToBlank(lines, ref i);
                    break;
            }

            conditions.Clear();
        }

        return records;
    }

    private static SqlLogicRecord ParseStatement(
        string[] lines, ref int i, int lineNumber, SqlLogicCondition[] conditions, string[] tokens, string line)
    {
        var mode = tokens.Length >= 2 ? tokens[1] : "";
        if (mode is not ("ok" or "error"))
        {
            SkipToBlank(lines, ref i);
            return new InvalidRecord(lineNumber, conditions, line, "statement needs 'ok' or 'error'");
        }

        var sql = ReadBlock(lines, ref i, stopAtSeparator: false);
        SkipToBlank(lines, ref i);
        return new StatementRecord(lineNumber, conditions, mode == "error", sql);
    }

    private static SqlLogicRecord ParseQuery(
        string[] lines, ref int i, int lineNumber, SqlLogicCondition[] conditions, string[] tokens, string line)
    {
        if (tokens.Length < 2)
        {
            SkipToBlank(lines, ref i);
            return new InvalidRecord(lineNumber, conditions, line, "query needs column types");
        }

        var types = tokens[1];
        SortMode sortMode;
        switch (tokens.Length >= 3 ? tokens[2] : "nosort")
        {
            case "nosort":
                sortMode = SortMode.NoSort;
                break;
            case "rowsort":
                sortMode = SortMode.RowSort;
                break;
            case "valuesort":
                sortMode = SortMode.ValueSort;
                break;
            default:
                SkipToBlank(lines, ref i);
                return new InvalidRecord(lineNumber, conditions, line, $"unknown sort mode '{tokens[2]}'");
        }

        foreach (var type in types)
        {
            if (type is not ('T' or 'I' or 'R'))
            {
                SkipToBlank(lines, ref i);
                return new InvalidRecord(lineNumber, conditions, line, $"unknown column type '{type}'");
            }
        }

        var label = tokens.Length >= 4 ? tokens[3] : null;
        var sql = ReadBlock(lines, ref i, stopAtSeparator: true);
        var expected = new List<string>();
        if (i < lines.Length && IsSeparator(lines[i]))
        {
            i++;
            while (i < lines.Length && !IsBlank(lines[i]))
            {
                if (!IsComment(lines[i]))
                {
                    expected.Add(lines[i]);
                }

                i++;
            }
        }

        return new QueryRecord(lineNumber, conditions, types, sortMode, label, sql, expected.ToArray());
    }

    /// <summary>Reads SQL lines (comments dropped) up to a blank line or, for queries, the <c>----</c> line.</summary>
    private static string ReadBlock(string[] lines, ref int i, bool stopAtSeparator)
    {
        var sql = new List<string>();
        while (i < lines.Length && !IsBlank(lines[i]) && !(stopAtSeparator && IsSeparator(lines[i])))
        {
            if (!IsComment(lines[i]))
            {
                sql.Add(lines[i]);
            }

            i++;
        }

        return string.Join('\n', sql);
    }

    private static void SkipToBlank(string[] lines, ref int i)
    {
        while (i < lines.Length && !IsBlank(lines[i]))
        {
            i++;
        }
    }

    private static InvalidRecord Invalid(int lineNumber, List<SqlLogicCondition> conditions, string line, string reason) =>
        new(lineNumber, conditions.ToArray(), line, reason);

    private static string[] SplitLines(string text)
    {
        var lines = text.Split('\n');
        for (var k = 0; k < lines.Length; k++)
        {
            if (lines[k].EndsWith('\r'))
            {
                lines[k] = lines[k][..^1];
            }
        }

        return lines;
    }

    /// <summary>The first four whitespace-separated tokens; only those matter.</summary>
    private static string[] Tokenize(string line) =>
        line.Split(Whitespace, 5, StringSplitOptions.RemoveEmptyEntries) is var parts && parts.Length > 4
            ? parts[..4]
            : parts;

    private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    private static bool IsComment(string line) => line.StartsWith('#');

    private static bool IsSeparator(string line) => line.TrimEnd() == ResultSeparator;
}
