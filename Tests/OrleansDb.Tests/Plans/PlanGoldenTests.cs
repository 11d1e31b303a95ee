using System.Text;
using Orleans.TestingHost;
using OrleansDb.SqlLogicTest;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Plans;

/// <summary>
/// Runs each golden plan file (Plans/golden/*.plan, format in Plans/README.md) on a fresh one-silo
/// cluster, so the atom ids EXPLAIN prints depend only on the file's own setup, and compares what
/// EXPLAIN prints with the expected sections. With ORLEANSDB_UPDATE_GOLDEN=1 the expected sections
/// are rewritten from the actual output instead.
/// </summary>
public sealed class PlanGoldenTests(ITestOutputHelper output)
{
    public const string UpdateVariable = "ORLEANSDB_UPDATE_GOLDEN";

    private static string GoldenDirectory => Path.Combine(RepositoryPaths.Root, "Tests", "OrleansDb.Tests", "Plans", "golden");

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(GoldenDirectory, "*.plan").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Explain_Prints_The_Golden_Plan(string file)
    {
        var golden = PlanGoldenFile.Load(Path.Combine(GoldenDirectory, file));
        var cluster = await OrleansDbTestCluster.StartAsync(1);
        var actual = new Dictionary<GoldenCase, IReadOnlyList<string>>();
        var failures = new StringBuilder();
        try
        {
            foreach (var record in golden.Records)
            {
                switch (record)
                {
                    case GoldenSetup setup:
                        var response = await cluster.ExecuteAsync(setup.Sql);
                        Assert.True(response.Error is null, $"{file}:{setup.Line}: setup failed: {response.Error?.Code} {response.Error?.Message}");
                        break;
                    case GoldenCase c:
                        var lines = await ExplainAsync(cluster, c.Sql);
                        actual[c] = lines;
                        if (!lines.SequenceEqual(c.Expected, StringComparer.Ordinal))
                        {
                            failures.Append($"{file}:{c.Line}: {c.Sql.ReplaceLineEndings(" ")}\n").Append(LineDiff.Unified(c.Expected, lines)).Append('\n');
                        }
                        break;
                }
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        if (Updating)
        {
            await File.WriteAllTextAsync(golden.Path, golden.Rewrite(actual));
            output.WriteLine($"{file}: expected sections rewritten ({UpdateVariable}=1)");
            if (failures.Length > 0) output.WriteLine(failures.ToString());
            return;
        }
        Assert.True(failures.Length == 0, $"plans differ from the golden file (rerun with {UpdateVariable}=1 to accept them):\n{failures}");
    }

    /// <summary>The lines EXPLAIN prints; an error becomes one line, so it shows in the diff like a plan.</summary>
    private static async Task<IReadOnlyList<string>> ExplainAsync(InProcessTestCluster cluster, string sql)
    {
        var response = await cluster.ExecuteAsync("EXPLAIN " + sql);
        if (response.Error is { } error) return [$"error {error.Code}: {error.Message}"];
        return response.Results[^1].Rows.Select(r => (string)r[0]!).ToList();
    }
}
