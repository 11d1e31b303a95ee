using Npgsql;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// PostgreSQL over Npgsql: every worker holds its own connection. With <paramref name="autoPrepare"/>
/// Npgsql prepares a statement on the server after its second use, so repeated statements skip
/// parsing and planning, as OrleansDb's plan cache does.
/// </summary>
public sealed class PostgresTarget(string connectionString, bool autoPrepare) : IBenchTarget
{
    private NpgsqlDataSource? _dataSource;

    public string Name => "postgresql";

    public TargetFamily Family => TargetFamily.PostgreSql;

    public IReadOnlyList<string> AfterLoadStatements => ["VACUUM ANALYZE"];

    public async Task<string> OpenAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (autoPrepare)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        _dataSource = builder.Build();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var settings = builder.ConnectionStringBuilder;
            return $"PostgreSQL {reader.GetString(0)} at {settings.Host}:{settings.Port} (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, " +
                $"auto-prepare {(autoPrepare ? "on" : "off")})";
        }
        catch (NpgsqlException e)
        {
            throw new TargetUnavailableException($"--pg: PostgreSQL does not answer ({e.Message})", e);
        }
    }

    public async Task<IBenchSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var dataSource = _dataSource ?? throw new InvalidOperationException("the target is not open");
        return new PostgresSession(await dataSource.OpenConnectionAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
