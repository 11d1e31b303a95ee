namespace OrleansDb.SqlLogicTest;

/// <summary>One failed record: where it is, its SQL, what was expected and what came back.</summary>
public sealed record SqlLogicFailure(string File, int Line, string Sql, string Expected, string Actual)
{
    public override string ToString() =>
        $"{File}:{Line}\n  sql:      {Indent(Sql)}\n  expected: {Indent(Expected)}\n  actual:   {Indent(Actual)}";

    private static string Indent(string text) => text.Replace("\n", "\n            ", StringComparison.Ordinal);
}

/// <summary>The outcome of running one file.</summary>
public sealed record SqlLogicFileResult(
    string Path,
    int Passed,
    int Failed,
    int Skipped,
    TimeSpan Elapsed,
    IReadOnlyList<SqlLogicFailure> Failures,
    bool StoppedEarly)
{
    public override string ToString() =>
        $"{Path}: {Passed} passed, {Failed} failed, {Skipped} skipped ({Elapsed.TotalSeconds:0.00} s)"
        + (StoppedEarly ? " [stopped early]" : "");
}
