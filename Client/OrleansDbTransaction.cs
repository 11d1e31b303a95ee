namespace OrleansDb.Client;

/// <summary>The isolation levels a transaction can run at (PostgreSQL's names; REPEATABLE READ is snapshot isolation).</summary>
public enum IsolationLevel
{
    ReadCommitted,
    RepeatableRead,
    Serializable,
}

/// <summary>
/// An interactive transaction: a session on one silo holding a transaction block. Every statement runs
/// in it; <see cref="CommitAsync"/> or <see cref="RollbackAsync"/> ends it; disposing it uncommitted
/// rolls it back. SQL errors throw <see cref="OrleansDbException"/>; after one, only rollback is possible.
/// </summary>
public sealed class OrleansDbTransaction : IAsyncDisposable
{
    private readonly ISqlGrain _gateway;
    private readonly string _session;
    private bool _ended;

    private OrleansDbTransaction(ISqlGrain gateway, string session)
    {
        _gateway = gateway;
        _session = session;
    }

    internal static async Task<OrleansDbTransaction> BeginAsync(ISqlGrain gateway, IsolationLevel isolation)
    {
        string session = await gateway.OpenSession();
        var transaction = new OrleansDbTransaction(gateway, session);
        string level = isolation switch
        {
            IsolationLevel.ReadCommitted => "READ COMMITTED",
            IsolationLevel.Serializable => "SERIALIZABLE",
            _ => "REPEATABLE READ",
        };
        await transaction.RunAsync($"BEGIN ISOLATION LEVEL {level}", []);
        return transaction;
    }

    /// <summary>Runs statements in the transaction; returns one result per statement.</summary>
    public async Task<IReadOnlyList<ResultSet>> ExecuteAsync(string sql, params object?[] parameters)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        return await RunAsync(sql, parameters);
    }

    public async Task CommitAsync()
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        try
        {
            await RunAsync("COMMIT", []);
        }
        finally
        {
            await EndAsync();
        }
    }

    public async Task RollbackAsync()
    {
        if (_ended) return;
        try
        {
            await RunAsync("ROLLBACK", []);
        }
        finally
        {
            await EndAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended) await EndAsync();
    }

    private async Task EndAsync()
    {
        _ended = true;
        await _gateway.CloseSession(_session);
    }

    private async Task<IReadOnlyList<ResultSet>> RunAsync(string sql, object?[] parameters)
    {
        var response = await _gateway.Execute(new SqlRequest { Sql = sql, Parameters = parameters, Session = _session });
        if (response.Error is { } error) throw new OrleansDbException(error.Code, error.Message, error.Position);
        return response.Results.Select(r => new ResultSet(r)).ToList();
    }
}
