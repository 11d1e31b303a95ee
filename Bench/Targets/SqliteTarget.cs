using Microsoft.Data.Sqlite;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// SQLite over Microsoft.Data.Sqlite: a file database in WAL mode with <c>synchronous</c> FULL (every
/// commit fsyncs the WAL) or NORMAL (the WAL is fsynced at checkpoints only: a power loss may lose the
/// last commits). Every worker holds its own connection; SQLite lets one writer in at a time, and a
/// blocked writer waits (busy timeout) instead of failing.
/// </summary>
public sealed class SqliteTarget(string name, string path, string synchronous) : IBenchTarget
{
    private const int BusyTimeoutSeconds = 60;

    public string Name => name;

    public TargetFamily Family => TargetFamily.Sqlite;

    public IReadOnlyList<string> AfterLoadStatements => ["ANALYZE"];

    /// <summary>A target named <c>sqlite-full</c> or <c>sqlite-normal</c> with its file in <paramref name="directory"/>.</summary>
    public static SqliteTarget InDirectory(string directory, string synchronous) =>
        new($"sqlite-{synchronous.ToLowerInvariant()}", Path.Combine(directory, $"bench-{synchronous.ToLowerInvariant()}.db"), synchronous);

    public async Task<string> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var session = await OpenSessionAsync(cancellationToken);
        var mode = await session.ScalarAsync("PRAGMA journal_mode=WAL");
        var version = await session.ScalarAsync("SELECT sqlite_version()");
        return $"SQLite {version} at {path} (journal_mode={mode}, synchronous={synchronous})";
    }

    public async Task<IBenchSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            DefaultTimeout = BusyTimeoutSeconds,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        var session = new SqliteSession(connection);
        await session.ExecuteAsync($"PRAGMA synchronous={synchronous}");
        await session.ExecuteAsync($"PRAGMA busy_timeout={BusyTimeoutSeconds * 1000}");
        return session;
    }

    /// <summary>A BIGINT primary key becomes INTEGER PRIMARY KEY: SQLite's rowid, its native clustered key.</summary>
    public string AdaptDdl(string ddl) => ddl.Replace("BIGINT PRIMARY KEY", "INTEGER PRIMARY KEY", StringComparison.Ordinal);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
