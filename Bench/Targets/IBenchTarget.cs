using System.Data;

namespace OrleansDb.Bench.Targets;

/// <summary>Which database a target measures: ratios are OrleansDb's targets over PostgreSQL's.</summary>
public enum TargetFamily
{
    OrleansDb,
    PostgreSql,
    Sqlite,
}

/// <summary>
/// A database under test, reached one way (OrleansDb over HTTP or the .NET client, PostgreSQL over
/// Npgsql, SQLite in a file). The harness opens it once, prepares its data through sessions, and gives
/// every concurrent worker a session of its own. Workloads are written once, in PostgreSQL's SQL with
/// <c>$1</c>, <c>$2</c>, ... parameters; a target adapts only DDL to its dialect.
/// </summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>The name the command line and the result files use, e.g. <c>orleansdb-http</c>.</summary>
    string Name { get; }

    TargetFamily Family { get; }

    /// <summary>Connects and checks the server answers; returns a one-line description (version, durability settings).</summary>
    Task<string> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A worker's own connection (or HTTP connection, or client session).</summary>
    Task<IBenchSession> OpenSessionAsync(CancellationToken cancellationToken);

    /// <summary>Rewrites portable DDL (PostgreSQL's types) into this target's dialect.</summary>
    string AdaptDdl(string ddl) => ddl;

    /// <summary>Statements run after the data is loaded, such as refreshing the planner's statistics.</summary>
    IReadOnlyList<string> AfterLoadStatements => [];
}

/// <summary>
/// One worker's connection. Statements outside <see cref="BeginAsync"/>/<see cref="CommitAsync"/> run in
/// autocommit. Every failure the database reports surfaces as <see cref="BenchSqlException"/>.
/// A session is used by one worker at a time.
/// </summary>
public interface IBenchSession : IAsyncDisposable
{
    /// <summary>Runs a query and reads every value of every row; returns the number of rows.</summary>
    Task<int> QueryAsync(string sql, params object[] parameters);

    /// <summary>Runs a query and returns the first value of its first row (null when it has none).</summary>
    Task<object?> ScalarAsync(string sql, params object[] parameters);

    /// <summary>Runs DML or DDL; returns the rows affected.</summary>
    Task<long> ExecuteAsync(string sql, params object[] parameters);

    Task BeginAsync(IsolationLevel isolation);

    Task CommitAsync();

    /// <summary>Rolls back the open transaction, if any; never throws, since it runs after a failure.</summary>
    Task RollbackAsync();
}

/// <summary>A session that can bulk-load <c>(k, v)</c> rows by PostgreSQL's COPY.</summary>
public interface IBulkCopySession
{
    Task CopyKvAsync(string table, IEnumerable<(long Key, string Value)> rows, CancellationToken cancellationToken);
}

/// <summary>An error reported by the database under test, with its code (a SQLSTATE, or the client's own code).</summary>
public sealed class BenchSqlException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>A target that cannot be reached when it opens; the message names the option that points at it.</summary>
public sealed class TargetUnavailableException(string message, Exception inner) : Exception(message, inner);
