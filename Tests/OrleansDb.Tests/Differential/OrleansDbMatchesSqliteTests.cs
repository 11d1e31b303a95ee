using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Differential;

/// <summary>
/// Randomized differential test: seeded random queries run on OrleansDb and on SQLite over the same data
/// must return the same rows. ORLEANSDB_DIFF_SEED and ORLEANSDB_DIFF_QUERIES run other seeds, or longer.
/// </summary>
public sealed class OrleansDbMatchesSqliteTests(DifferentialFixture db, ITestOutputHelper output) : IClassFixture<DifferentialFixture>
{
    private const int DefaultQueries = 1000;
    private const int ReportedMismatches = 5;

    [Fact]
    public async Task Random_Queries_Return_The_Same_Rows_As_Sqlite()
    {
        int queries = DifferentialFixture.EnvironmentInt("ORLEANSDB_DIFF_QUERIES", DefaultQueries);
        var stopwatch = Stopwatch.StartNew();
        var mismatches = new List<string>();
        var bothFailed = new List<string>();
        using var log = Environment.GetEnvironmentVariable("ORLEANSDB_DIFF_LOG") is { Length: > 0 } path ? new StreamWriter(path) : null;
        for (int i = 0; i < queries; i++)
        {
            var query = new QueryGenerator(new Random(DifferentialFixture.QuerySeed(db.Seed, i))).Next();
            var started = stopwatch.Elapsed;
            var orleansDb = await db.OrleansDbAsync(query.Sql);
            var sqlite = db.Sqlite(query.Sql);
            log?.WriteLine($"-- query {i}: {(stopwatch.Elapsed - started).TotalMilliseconds:F0} ms, {orleansDb.Rows.Count} row(s) {orleansDb.Error} / {sqlite.Error}\n{query.Sql};");
            log?.Flush();
            if (orleansDb.Error is not null && sqlite.Error is not null)
            {
                bothFailed.Add($"{query.Sql}\n  OrleansDb: {orleansDb.Error}\n  SQLite: {sqlite.Error}");
                continue;
            }
            string? difference = orleansDb.Error is not null || sqlite.Error is not null
                ? "only one engine failed"
                : ResultComparer.Difference(sqlite.Rows, orleansDb.Rows, query.Ordered);
            if (difference is null) continue;
            mismatches.Add(Describe($"query {i}", query.Sql, difference, orleansDb, sqlite));
            log?.WriteLine($"-- MISMATCH {mismatches[^1]}");
        }

        output.WriteLine($"seed {db.Seed}: {queries} queries in {stopwatch.Elapsed.TotalSeconds:F1} s, {mismatches.Count} mismatch(es), {bothFailed.Count} failed on both engines");
        foreach (string failure in bothFailed.Take(ReportedMismatches)) output.WriteLine(failure);
        Assert.True(mismatches.Count == 0, Report(mismatches));
        // Queries both engines reject test nothing: the generator must write valid SQL.
        Assert.True(bothFailed.Count <= queries / 50, $"{bothFailed.Count} queries failed on both engines, e.g.\n{string.Join("\n", bothFailed.Take(3))}");
    }

    [Fact]
    public void Random_Updates_And_Deletes_Affect_The_Same_Rows_As_Sqlite()
    {
        var mismatches = new List<string>();
        foreach (var (sql, orleansDb, sqlite) in db.MutationResults)
        {
            output.WriteLine($"{orleansDb.Error ?? orleansDb.RowsAffected.ToString(CultureInfo.InvariantCulture)} / {sqlite.Error ?? sqlite.RowsAffected.ToString(CultureInfo.InvariantCulture)}: {sql}");
            string? difference = (orleansDb.Error, sqlite.Error) switch
            {
                (null, null) when orleansDb.RowsAffected != sqlite.RowsAffected => "rows affected differ",
                (null, null) or (not null, not null) => null,
                _ => "only one engine failed",
            };
            if (difference is not null) mismatches.Add(Describe("mutation", sql, difference, orleansDb, sqlite));
        }
        Assert.True(mismatches.Count == 0, Report(mismatches));
        Assert.Contains(db.MutationResults, m => m.Sqlite.RowsAffected > 0);
    }

    [Fact]
    public async Task Tables_Hold_The_Same_Rows_After_Set_Up()
    {
        foreach (var table in DifferentialSchema.Tables)
        {
            string sql = $"SELECT * FROM {table.From} ORDER BY {DifferentialSchema.PrimaryKeyOf(table)}";
            var orleansDb = await db.OrleansDbAsync(sql);
            var sqlite = db.Sqlite(sql);
            string? difference = orleansDb.Error ?? ResultComparer.Difference(sqlite.Rows, orleansDb.Rows, ordered: true);
            if (difference is not null) Assert.Fail(Describe(table.From, sql, difference, orleansDb, sqlite));
        }
    }

    private string Describe(string what, string sql, string difference, EngineResult orleansDb, EngineResult sqlite) =>
        $"""
        seed {db.Seed} {what}: {difference}
        {sql}
        OrleansDb: {orleansDb.Error ?? $"{orleansDb.Rows.Count} row(s), {orleansDb.RowsAffected} affected"}
        {ResultComparer.Format(orleansDb.Rows)}SQLite: {sqlite.Error ?? $"{sqlite.Rows.Count} row(s), {sqlite.RowsAffected} affected"}
        {ResultComparer.Format(sqlite.Rows)}
        """;

    private static string Report(List<string> mismatches)
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{mismatches.Count} mismatch(es); the first:");
        foreach (string mismatch in mismatches.Take(ReportedMismatches)) text.AppendLine(mismatch);
        return text.ToString();
    }
}
