using Xunit;

namespace OrleansDb.Tests.Isolation;

/// <summary>
/// Runs every Hermitage scenario at every level against PostgreSQL, to show that the outcomes the
/// scenarios expect are PostgreSQL's. Skipped unless <c>ORLEANSDB_PG</c> names a server.
/// </summary>
public sealed class PostgresReferenceTests(PostgresIsolationDatabase postgres) : IClassFixture<PostgresIsolationDatabase>
{
    public static TheoryData<string, IsolationLevel> Runs()
    {
        var runs = new TheoryData<string, IsolationLevel>();
        foreach (var scenario in Hermitage.Scenarios.Keys)
        {
            foreach (var level in Enum.GetValues<IsolationLevel>()) runs.Add(scenario, level);
        }
        return runs;
    }

    [PostgresTheory]
    [MemberData(nameof(Runs))]
    public Task PostgreSQL_Gives_The_Expected_Outcome(string scenario, IsolationLevel level) => Hermitage.Scenarios[scenario](postgres, level);
}
