using OrleansDb.SqlLogicTest;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.SqlLogic;

/// <summary>
/// Runs every sqllogictest file in ../shared/sqllogictest through the real query path (an in-process
/// cluster, the Orleans client, the SQL grain, the engine). Each file must pass at least as many
/// records as its line in sqllogictest-baseline.txt says, so the suite only ever moves forward; the
/// counts of every file are written to TestResults/sqllogictest-summary.txt.
/// </summary>
public sealed class SqlLogicSuiteTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.SqlLogicTests, "*.test", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.SqlLogicTests, file).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task File_Passes_At_Least_Its_Baseline(string file)
    {
        var runner = new SqlLogicRunner(new OrleansDbDatabaseFactory());
        var result = await runner.RunFileAsync(Path.Combine(RepositoryPaths.SqlLogicTests, file));
        output.WriteLine(result.ToString());
        foreach (var failure in result.Failures.Take(20)) output.WriteLine(failure.ToString());
        SqlLogicSummary.Record(file, result);
        int baseline = SqlLogicBaseline.For(file);
        Assert.True(result.Passed >= baseline, $"{file}: {result.Passed} passed, below the baseline of {baseline}");
    }
}
