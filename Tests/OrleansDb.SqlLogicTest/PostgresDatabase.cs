using System.Globalization;
using System.Numerics;
using Npgsql;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Reference backend: one PostgreSQL database (<c>slt_&lt;n&gt;</c>) that exists for one test file and is
/// dropped with it. It answers as engine <c>postgresql</c>, so <c>skipif postgresql</c> records are
/// skipped as in PostgreSQL's own runs. Statements run in autocommit mode, so a failed one leaves the
/// session usable.
/// </summary>
public sealed class PostgresDatabase : ISqlLogicDatabase
{
    private readonly NpgsqlConnection _connection;
    private readonly Func<ValueTask> _drop;

    private PostgresDatabase(NpgsqlConnection connection, Func<ValueTask> drop)
    {
        _connection = connection;
        _drop = drop;
    }

    public string EngineName => "postgresql";

    /// <summary>Connects to an existing database; <paramref name="drop"/> runs after the connection closes.</summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, Func<ValueTask> drop, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return new PostgresDatabase(connection, drop);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task ExecuteStatementAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        var columns = reader.FieldCount;
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[columns];
            for (var i = 0; i < columns; i++)
            {
                row[i] = ReadValue(reader, i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _drop();
    }

    /// <summary>
    /// One column as a CLR value of the runner's contract: int2/int4/int8 → short/int/long,
    /// float4/float8 → float/double, numeric → decimal, bool, text → string, bytea → byte[].
    /// An integral numeric beyond decimal's range comes back as a double (a fractional one fails the record);
    /// other types come back as invariant text.
    /// </summary>
    private static object? ReadValue(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        if (reader.GetDataTypeName(ordinal) == "numeric")
        {
            try
            {
                return reader.GetDecimal(ordinal);
            }
            catch (Exception ex) when (ex is InvalidCastException or OverflowException)
            {
                // Integral results such as SUM over bigint can exceed decimal; the runner renders them from a double.
                return (double)reader.GetFieldValue<BigInteger>(ordinal);
            }
        }

        var value = reader.GetValue(ordinal);
        return value switch
        {
            long or int or short or double or float or decimal or bool or string or byte[] => value,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }
}
