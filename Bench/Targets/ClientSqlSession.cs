using OrleansDb.Client;
using ClientIsolation = OrleansDb.Client.IsolationLevel;

namespace OrleansDb.Bench.Targets;

/// <summary>One worker's use of the shared <see cref="OrleansDbClient"/>: autocommit requests, or one open transaction.</summary>
internal sealed class ClientSqlSession(OrleansDbClient client) : IBenchSession
{
    private OrleansDbTransaction? _transaction;

    public async Task<int> QueryAsync(string sql, params object[] parameters)
    {
        var results = await RunAsync(sql, parameters);
        return results[^1].Rows.Count;
    }

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        var results = await RunAsync(sql, parameters);
        return results[^1].Rows is [var first, ..] ? first[0] : null;
    }

    public async Task<long> ExecuteAsync(string sql, params object[] parameters)
    {
        var results = await RunAsync(sql, parameters);
        return results[^1].RowsAffected;
    }

    public async Task BeginAsync(System.Data.IsolationLevel isolation)
    {
        var level = isolation switch
        {
            System.Data.IsolationLevel.ReadCommitted => ClientIsolation.ReadCommitted,
            System.Data.IsolationLevel.Serializable => ClientIsolation.Serializable,
            _ => ClientIsolation.RepeatableRead,
        };
        try
        {
            _transaction = await client.BeginTransactionAsync(level);
        }
        catch (OrleansDbException e)
        {
            throw Translated(e);
        }
    }

    public async Task CommitAsync()
    {
        var transaction = _transaction ?? throw new InvalidOperationException("no open transaction");
        _transaction = null;
        try
        {
            await transaction.CommitAsync();
        }
        catch (OrleansDbException e)
        {
            throw Translated(e);
        }
    }

    public async Task RollbackAsync()
    {
        var transaction = _transaction;
        _transaction = null;
        if (transaction is null) return;
        try
        {
            await transaction.RollbackAsync();
        }
        catch (Exception e) when (e is OrleansDbException or OrleansException or TimeoutException)
        {
            // The failure that led here is the one counted.
        }
    }

    public async ValueTask DisposeAsync() => await RollbackAsync();

    private async Task<IReadOnlyList<ResultSet>> RunAsync(string sql, object[] parameters)
    {
        try
        {
            return _transaction is { } transaction ? await transaction.ExecuteAsync(sql, parameters) : await client.ExecuteAsync(sql, parameters);
        }
        catch (OrleansDbException e)
        {
            throw Translated(e);
        }
    }

    private static BenchSqlException Translated(OrleansDbException e) => new(e.SqlState, e.Message, e);
}
