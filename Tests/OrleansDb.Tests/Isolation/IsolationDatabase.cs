using System.Globalization;

namespace OrleansDb.Tests.Isolation;

/// <summary>The isolation levels the scenarios run at, with PostgreSQL's names for them.</summary>
public enum IsolationLevel
{
    ReadCommitted,
    RepeatableRead,
    Serializable,
}

/// <summary>
/// A database the Hermitage scenarios run against (OrleansDb or PostgreSQL). Every scenario starts from
/// <see cref="ResetAsync"/>: a fresh table <c>test (id int primary key, value int)</c> holding
/// <c>(1, 10), (2, 20)</c>.
/// </summary>
public interface IIsolationDatabase
{
    string Name { get; }

    /// <summary>
    /// Whether a SERIALIZABLE transaction that cannot commit because of what it read fails at the statement
    /// that closes the dangerous structure (PostgreSQL). OrleansDb validates a serializable transaction's
    /// reads when it commits, so its failure may come at COMMIT instead.
    /// </summary>
    bool ReportsReadConflictsAtStatement { get; }

    Task ResetAsync();

    /// <summary>Opens the connection of transaction <paramref name="index"/> (0 for T1): a session of its own.</summary>
    Task<IIsolationConnection> ConnectAsync(int index);
}

/// <summary>One connection: runs requests one at a time, in its own session.</summary>
public interface IIsolationConnection : IAsyncDisposable
{
    /// <summary>Where the connection runs (e.g. the silo that holds the session), for messages.</summary>
    string Where { get; }

    /// <summary>Runs one statement or several ';'-separated ones; a SQL error is an outcome, not an exception.</summary>
    Task<StatementOutcome> ExecuteAsync(string sql);
}

/// <summary>What a request did: the rows and affected-row count of its last statement, or the SQLSTATE it failed with.</summary>
public sealed record StatementOutcome(IReadOnlyList<object?[]> Rows, long RowsAffected, string? SqlState, string? Message)
{
    public static StatementOutcome Failure(string sqlState, string message) => new([], 0, sqlState, message);

    public bool Failed => SqlState is not null;

    /// <summary>The rows as Hermitage writes them, in key order: <c>1 => 10, 2 => 20</c>; empty when there are none.</summary>
    public string Shown => string.Join(", ", Rows
        .OrderBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
        .Select(r => string.Join(" => ", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "NULL"))));

    public override string ToString() => Failed ? $"error {SqlState}: {Message}" : $"ok, rows [{Shown}], {RowsAffected} affected";
}
