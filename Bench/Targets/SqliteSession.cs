using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// One worker's SQLite connection. Each distinct SQL text keeps its command, so SQLite prepares a
/// statement once per connection; <c>$1</c>, <c>$2</c>, ... are SQLite parameter names as they stand.
/// </summary>
internal sealed class SqliteSession(SqliteConnection connection) : DbSession(connection)
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public override async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override DbCommand Command(string sql, object[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (int i = 0; i < parameters.Length; i++) command.Parameters.Add(new SqliteParameter($"${i + 1}", parameters[i]));
            _commands.Add(sql, command);
        }
        else
        {
            for (int i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i];
        }
        command.Transaction = (SqliteTransaction?)Transaction;
        return command;
    }

    /// <summary>Kept for the next use of the same SQL.</summary>
    protected override ValueTask ReleaseAsync(DbCommand command) => ValueTask.CompletedTask;

    /// <summary>SQLite transactions are serializable whatever is asked; this one takes the write lock at BEGIN (IMMEDIATE), so it cannot fail upgrading a read lock later.</summary>
    protected override Task<DbTransaction> BeginTransactionAsync(IsolationLevel isolation) =>
        Task.FromResult<DbTransaction>(connection.BeginTransaction(deferred: false));

    protected override BenchSqlException Translated(DbException e) =>
        new(e is SqliteException s ? $"SQLITE_{s.SqliteErrorCode}" : e.GetType().Name, e.Message, e);
}
