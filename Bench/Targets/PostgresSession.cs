using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OrleansDb.Bench.Targets;

/// <summary>One worker's Npgsql connection; <c>$n</c> parameters are passed positionally, as Npgsql allows.</summary>
internal sealed class PostgresSession(NpgsqlConnection connection) : DbSession(connection), IBulkCopySession
{
    public async Task CopyKvAsync(string table, IEnumerable<(long Key, string Value)> rows, CancellationToken cancellationToken)
    {
        try
        {
            await using var import = await connection.BeginBinaryImportAsync($"COPY {table} (k, v) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var (key, value) in rows)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(key, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw Translated(e);
        }
    }

    protected override DbCommand Command(string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)Transaction);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }

    protected override BenchSqlException Translated(DbException e) => e switch
    {
        PostgresException p => new BenchSqlException(p.SqlState, p.MessageText, e),
        _ => new BenchSqlException(e.SqlState ?? "08006", e.Message, e),
    };
}
