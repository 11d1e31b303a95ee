using System.Globalization;
using Npgsql;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Creates a fresh <see cref="PostgresDatabase"/> per file: <c>CREATE DATABASE slt_&lt;n&gt;</c> on the server
/// named by the connection string in <c>ORLEANSDB_PG</c> (e.g. <c>Host=127.0.0.1;Port=56543;Username=postgres</c>,
/// as printed by <c>scripts/postgres-throwaway.sh start</c>), dropped when the file is done. The
/// <c>slt_*</c> names belong to one runner at a time: a name left over by an interrupted run is dropped
/// before it is reused.
/// </summary>
public sealed class PostgresDatabaseFactory : ISqlLogicDatabaseFactory, IAsyncDisposable
{
    public const string ConnectionVariable = "ORLEANSDB_PG";

    private readonly string? _connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
    private NpgsqlDataSource? _admin;
    private int _created;

    public async Task<ISqlLogicDatabase> CreateAsync(CancellationToken ct)
    {
        var admin = Admin();
        var name = "slt_" + Interlocked.Increment(ref _created).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", ct);

        // No pooling: when the file is done its connection really closes, so the drop does not wait on it.
        var connectionString = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            Database = name,
            Pooling = false,
            IncludeErrorDetail = true, // a failure shows PostgreSQL's DETAIL line too
            CommandTimeout = 0, // the runner's per-record token bounds each command
        }.ConnectionString;
        try
        {
            return await PostgresDatabase.OpenAsync(
                connectionString, () => new ValueTask(DropAsync(admin, name)), ct);
        }
        catch
        {
            await DropAsync(admin, name);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
    }

    /// <summary>Connections to the server's maintenance database, which creates and drops the file databases.</summary>
    private NpgsqlDataSource Admin()
    {
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            throw new InvalidOperationException(
                $"{ConnectionVariable} is not set: give a PostgreSQL connection string, e.g. "
                + "Host=127.0.0.1;Port=56543;Username=postgres (scripts/postgres-throwaway.sh start prints it)");
        }

        return _admin ??= NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres" });
    }

    private static async Task DropAsync(NpgsqlDataSource admin, string name) =>
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);

    private static async Task ExecuteAsync(NpgsqlDataSource admin, string sql, CancellationToken ct)
    {
        await using var command = admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
