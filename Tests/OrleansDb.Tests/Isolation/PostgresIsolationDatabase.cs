using Npgsql;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Isolation;

/// <summary>
/// The PostgreSQL server named by <c>ORLEANSDB_PG</c> (see <c>scripts/postgres-throwaway.sh</c>), as a
/// database for the scenarios: a database <c>hermitage</c> made fresh for the test class, one
/// unpooled connection per transaction.
/// </summary>
public sealed class PostgresIsolationDatabase : IAsyncLifetime, IIsolationDatabase
{
    private const string DatabaseName = "hermitage";

    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable(PostgresDatabaseFactory.ConnectionVariable);

    /// <summary>Why the PostgreSQL reference runs are skipped, or null when a server is configured.</summary>
    public static string? SkipReason => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"{PostgresDatabaseFactory.ConnectionVariable} is not set (scripts/postgres-throwaway.sh start prints it)"
        : null;

    public string Name => "PostgreSQL";

    public bool ReportsReadConflictsAtStatement => true;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        await AdminAsync($"drop database if exists {DatabaseName} with (force)");
        await AdminAsync($"create database {DatabaseName}");
    }

    public async Task DisposeAsync()
    {
        if (SkipReason is not null) return;
        await AdminAsync($"drop database if exists {DatabaseName} with (force)");
    }

    public async Task ResetAsync()
    {
        await using var connection = await OpenAsync();
        var outcome = await connection.ExecuteAsync(OrleansDbIsolationFixture.ResetSql);
        Assert.False(outcome.Failed, $"PostgreSQL: resetting the table failed: {outcome}");
    }

    public async Task<IIsolationConnection> ConnectAsync(int index) => await OpenAsync();

    private async Task<Connection> OpenAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = DatabaseName, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return new Connection(connection);
    }

    private static async Task AdminAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Connection(NpgsqlConnection connection) : IIsolationConnection
    {
        public string Where => $"backend {connection.ProcessID}";

        public async Task<StatementOutcome> ExecuteAsync(string sql)
        {
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<object?[]>();
                do
                {
                    if (reader.FieldCount == 0) continue;
                    rows.Clear();
                    while (await reader.ReadAsync())
                    {
                        var row = new object?[reader.FieldCount];
                        for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                        rows.Add(row);
                    }
                }
                while (await reader.NextResultAsync());
                return new StatementOutcome(rows, Math.Max(0, reader.RecordsAffected), null, null);
            }
            catch (PostgresException e)
            {
                return StatementOutcome.Failure(e.SqlState, e.MessageText);
            }
        }

        public async ValueTask DisposeAsync() => await connection.DisposeAsync();
    }
}

/// <summary>A theory that runs only when a PostgreSQL server is configured (<c>ORLEANSDB_PG</c>).</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresIsolationDatabase.SkipReason is { } reason) Skip = reason;
    }
}
