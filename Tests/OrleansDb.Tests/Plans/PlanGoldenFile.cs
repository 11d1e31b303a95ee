namespace OrleansDb.Tests.Plans;

/// <summary>A record of a golden file: its SQL and the 1-based line of its header, for messages.</summary>
public abstract record GoldenRecord(int Line, string Sql);

/// <summary>A <c>setup</c> record: SQL that must succeed before the cases after it run.</summary>
public sealed record GoldenSetup(int Line, string Sql) : GoldenRecord(Line, Sql);

/// <summary>
/// An <c>explain</c> record: a statement and the plan lines EXPLAIN must print for it, which sit at
/// <see cref="ExpectedStart"/> (0-based) for <see cref="ExpectedCount"/> lines of the file.
/// </summary>
public sealed record GoldenCase(int Line, string Sql, IReadOnlyList<string> Expected, int ExpectedStart, int ExpectedCount) : GoldenRecord(Line, Sql);

/// <summary>
/// A golden plan file (the format is in README.md): records separated by blank lines, each a
/// <c>setup</c> or an <c>explain</c>, with <c>#</c> comment lines between them. The file keeps its
/// lines so that <see cref="Rewrite"/> replaces only the expected sections and leaves the rest as written.
/// </summary>
public sealed class PlanGoldenFile
{
    public const string Separator = "----";

    private readonly string[] _lines;

    private PlanGoldenFile(string path, string[] lines, IReadOnlyList<GoldenRecord> records)
    {
        Path = path;
        _lines = lines;
        Records = records;
    }

    public string Path { get; }

    /// <summary>The records in file order.</summary>
    public IReadOnlyList<GoldenRecord> Records { get; }

    public static PlanGoldenFile Load(string path)
    {
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        var records = new List<GoldenRecord>();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                i++;
                continue;
            }
            int header = i + 1;
            string kind = line.Trim();
            i++;
            var sql = new List<string>();
            while (i < lines.Length && lines[i].Trim().Length > 0 && lines[i] != Separator)
            {
                sql.Add(lines[i]);
                i++;
            }
            if (sql.Count == 0) throw Malformed(path, header, $"'{kind}' has no SQL below it");
            switch (kind)
            {
                case "setup":
                    if (i < lines.Length && lines[i] == Separator) throw Malformed(path, i + 1, "a setup record has no expected output");
                    records.Add(new GoldenSetup(header, string.Join("\n", sql)));
                    break;
                case "explain":
                    if (i >= lines.Length || lines[i] != Separator) throw Malformed(path, header, $"an explain record needs a '{Separator}' line after its SQL");
                    i++;
                    int start = i;
                    while (i < lines.Length && lines[i].Trim().Length > 0) i++;
                    records.Add(new GoldenCase(header, string.Join("\n", sql), lines[start..i], start, i - start));
                    break;
                default:
                    throw Malformed(path, header, $"expected 'setup' or 'explain', found '{kind}'");
            }
        }
        return new PlanGoldenFile(path, lines, records);
    }

    /// <summary>The file's text with each case's expected section replaced by <paramref name="actual"/>[case].</summary>
    public string Rewrite(IReadOnlyDictionary<GoldenCase, IReadOnlyList<string>> actual)
    {
        var output = new List<string>();
        int next = 0;
        foreach (var c in Records.OfType<GoldenCase>())
        {
            output.AddRange(_lines[next..c.ExpectedStart]);
            output.AddRange(actual.TryGetValue(c, out var lines) ? lines : c.Expected);
            next = c.ExpectedStart + c.ExpectedCount;
        }
        output.AddRange(_lines[next..]);
        return string.Join("\n", output) + "\n";
    }

    private static FormatException Malformed(string path, int line, string message) => new($"{path}:{line}: {message}");
}
