using Xunit;

namespace OrleansDb.Tests.Isolation;

/// <summary>
/// One transaction of a scenario (T1, T2, ...) on its own connection, with the assertions the Hermitage
/// steps make: a statement completes at once, shows given rows, fails with a SQLSTATE, or blocks.
/// Failure messages name the database, the level, the transaction and the statement.
/// </summary>
public sealed class ScenarioTransaction(string name, IIsolationConnection connection, IIsolationDatabase database, IsolationLevel level)
{
    /// <summary>How long a statement that must not block may take before the test calls it blocked.</summary>
    public static readonly TimeSpan CompletionBound = TimeSpan.FromSeconds(10);

    /// <summary>How long a statement that must block is watched; it must still be running after this.</summary>
    public static readonly TimeSpan BlockingObservation = TimeSpan.FromMilliseconds(300);

    public string Name => name;

    public Task BeginAsync() => RunAsync($"begin; set transaction isolation level {SqlName(level)}");

    public Task CommitAsync() => RunAsync("commit");

    public Task AbortAsync() => RunAsync("abort");

    /// <summary>Runs a statement that must complete at once and succeed; returns its outcome.</summary>
    public async Task<StatementOutcome> RunAsync(string sql)
    {
        var outcome = await CompleteAsync(sql, connection.ExecuteAsync(sql));
        Assert.False(outcome.Failed, Describe(sql, $"expected success, got {outcome}"));
        return outcome;
    }

    /// <summary>Runs a statement that must succeed and affect <paramref name="rowsAffected"/> rows.</summary>
    public async Task AffectsAsync(string sql, long rowsAffected)
    {
        var outcome = await RunAsync(sql);
        Assert.True(outcome.RowsAffected == rowsAffected, Describe(sql, $"expected {rowsAffected} row(s) affected, got {outcome}"));
    }

    /// <summary>Runs a query that must succeed and return exactly <paramref name="expected"/> (Hermitage's <c>1 => 10, 2 => 20</c>; "" for no rows).</summary>
    public async Task ShowsAsync(string sql, string expected)
    {
        var outcome = await RunAsync(sql);
        Assert.True(outcome.Shown == expected, Describe(sql, $"expected rows [{expected}], got [{outcome.Shown}]"));
    }

    /// <summary>Runs a statement that must fail at once with <paramref name="sqlState"/>.</summary>
    public async Task FailsAsync(string sql, string sqlState)
    {
        var outcome = await CompleteAsync(sql, connection.ExecuteAsync(sql));
        Assert.True(outcome.SqlState == sqlState, Describe(sql, $"expected error {sqlState}, got {outcome}"));
    }

    /// <summary>
    /// A statement after which this SERIALIZABLE transaction cannot commit: PostgreSQL fails the statement
    /// with 40001 at once. OrleansDb validates a serializable transaction's reads when it commits, so it
    /// may run the statement and fail the COMMIT with 40001 instead; for a database that reports read
    /// conflicts at the statement, only the failure at the statement passes. Ends the transaction.
    /// </summary>
    public async Task FailsHereOrAtCommitAsync(string sql)
    {
        var outcome = await CompleteAsync(sql, connection.ExecuteAsync(sql));
        if (outcome.SqlState == SerializationFailure)
        {
            await AbortAsync();
            return;
        }
        Assert.False(database.ReportsReadConflictsAtStatement || outcome.Failed, Describe(sql, $"expected error {SerializationFailure}, got {outcome}"));
        await FailsAsync("commit", SerializationFailure);
    }

    /// <summary>Starts a statement that must block: it is still running after <see cref="BlockingObservation"/>.</summary>
    public async Task<PendingStatement> BlocksAsync(string sql)
    {
        var running = connection.ExecuteAsync(sql);
        await Task.WhenAny(running, Task.Delay(BlockingObservation));
        Assert.False(running.IsCompleted, Describe(sql, $"expected to block, but it completed: {(running.IsCompletedSuccessfully ? running.Result : running.Exception)}"));
        return new PendingStatement(this, sql, running);
    }

    internal async Task<StatementOutcome> CompleteAsync(string sql, Task<StatementOutcome> running)
    {
        try
        {
            return await running.WaitAsync(CompletionBound);
        }
        catch (TimeoutException)
        {
            Assert.Fail(Describe(sql, $"did not complete within {CompletionBound.TotalSeconds:0} s: it is blocked"));
            throw;
        }
    }

    internal string Describe(string sql, string problem) =>
        $"{database.Name}, {SqlName(level).ToUpperInvariant()}, {name} on {connection.Where}: `{sql}` {problem}";

    public const string SerializationFailure = "40001";

    public static string SqlName(IsolationLevel level) => level switch
    {
        IsolationLevel.ReadCommitted => "read committed",
        IsolationLevel.RepeatableRead => "repeatable read",
        _ => "serializable",
    };
}

/// <summary>A statement that blocked; once the transaction it waits for ends, it must complete one way or the other.</summary>
public sealed class PendingStatement(ScenarioTransaction transaction, string sql, Task<StatementOutcome> running)
{
    /// <summary>The statement completes successfully, affecting <paramref name="rowsAffected"/> rows when given.</summary>
    public async Task CompletesAsync(long? rowsAffected = null)
    {
        var outcome = await transaction.CompleteAsync(sql, running);
        Assert.False(outcome.Failed, transaction.Describe(sql, $"expected to complete once unblocked, got {outcome}"));
        if (rowsAffected is long expected)
        {
            Assert.True(outcome.RowsAffected == expected, transaction.Describe(sql, $"expected {expected} row(s) affected once unblocked, got {outcome}"));
        }
    }

    /// <summary>The statement fails with <paramref name="sqlState"/> once unblocked.</summary>
    public async Task FailsAsync(string sqlState)
    {
        var outcome = await transaction.CompleteAsync(sql, running);
        Assert.True(outcome.SqlState == sqlState, transaction.Describe(sql, $"expected error {sqlState} once unblocked, got {outcome}"));
    }
}
