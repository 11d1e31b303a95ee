namespace OrleansDb.SqlLogicTest;

/// <summary>Mutable tally of one file's run; becomes a <see cref="SqlLogicFileResult"/>.</summary>
internal sealed class FileRun(string path, SqlLogicRunnerOptions options)
{
    private readonly List<SqlLogicFailure> _failures = [];

    public int Passed { get; set; }

    public int Skipped { get; set; }

    public bool StoppedEarly { get; set; }

    public int MaxOutputChars => options.MaxOutputChars;

    public IReadOnlyList<SqlLogicFailure> Failures => _failures;

    public void Fail(int line, string sql, string expected, string actual) =>
        _failures.Add(new SqlLogicFailure(
            path,
            line,
            Truncate(sql, options.MaxOutputChars),
            Truncate(expected, options.MaxOutputChars),
            Truncate(actual, options.MaxOutputChars)));

    public SqlLogicFileResult ToResult(TimeSpan elapsed) =>
        new(path, Passed, _failures.Count, Skipped, elapsed, _failures, StoppedEarly);

    internal static string Truncate(string text, int max) =>
        max <= 0 || text.Length <= max ? text : $"{text[..max]}… ({text.Length - max} more chars)";
}
