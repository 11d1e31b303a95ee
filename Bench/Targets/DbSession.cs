using System.Data;
using System.Data.Common;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// A session over one ADO.NET connection (Npgsql, SQLite): statements, transactions and the translation
/// of the provider's errors. A subclass says how it makes a command for a statement and whether it keeps it.
/// </summary>
internal abstract class DbSession(DbConnection connection) : IBenchSession
{
    protected DbConnection Connection { get; } = connection;

    protected DbTransaction? Transaction { get; private set; }

    public Task<int> QueryAsync(string sql, params object[] parameters) => RunAsync(sql, parameters, static async command =>
    {
        await using var reader = await command.ExecuteReaderAsync();
        int rows = 0;
        while (await reader.ReadAsync())
        {
            for (int i = 0; i < reader.FieldCount; i++) reader.GetValue(i);
            rows++;
        }
        return rows;
    });

    public Task<object?> ScalarAsync(string sql, params object[] parameters) =>
        RunAsync(sql, parameters, static command => command.ExecuteScalarAsync());

    public Task<long> ExecuteAsync(string sql, params object[] parameters) =>
        RunAsync(sql, parameters, static async command => (long)await command.ExecuteNonQueryAsync());

    public async Task BeginAsync(IsolationLevel isolation)
    {
        try
        {
            Transaction = await BeginTransactionAsync(isolation);
        }
        catch (DbException e)
        {
            throw Translated(e);
        }
    }

    public async Task CommitAsync()
    {
        var transaction = Transaction ?? throw new InvalidOperationException("no open transaction");
        Transaction = null;
        try
        {
            await transaction.CommitAsync();
        }
        catch (DbException e)
        {
            throw Translated(e);
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    public async Task RollbackAsync()
    {
        var transaction = Transaction;
        Transaction = null;
        if (transaction is null) return;
        try
        {
            await transaction.RollbackAsync();
        }
        catch (DbException)
        {
            // The failure that led here is the one counted.
        }
        await transaction.DisposeAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await Connection.DisposeAsync();
    }

    private async Task<T> RunAsync<T>(string sql, object[] parameters, Func<DbCommand, Task<T>> run)
    {
        var command = Command(sql, parameters);
        try
        {
            return await run(command);
        }
        catch (DbException e)
        {
            throw Translated(e);
        }
        finally
        {
            await ReleaseAsync(command);
        }
    }

    /// <summary>A command for <paramref name="sql"/> with <c>$n</c> bound to <paramref name="parameters"/>, in the open transaction if any.</summary>
    protected abstract DbCommand Command(string sql, object[] parameters);

    /// <summary>Called when a statement is done with its command; disposes it unless the session keeps commands.</summary>
    protected virtual ValueTask ReleaseAsync(DbCommand command) => command.DisposeAsync();

    protected virtual async Task<DbTransaction> BeginTransactionAsync(IsolationLevel isolation) => await Connection.BeginTransactionAsync(isolation);

    protected abstract BenchSqlException Translated(DbException e);
}
