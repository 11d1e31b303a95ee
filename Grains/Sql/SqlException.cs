namespace OrleansDb.Sql;

/// <summary>
/// An error the database reports to its user: a SQLSTATE code, a message, and where it applies a
/// 1-based character position in the statement text. Everything else that escapes is a bug.
/// </summary>
public sealed class SqlException : Exception
{
    public SqlException(string sqlState, string message, int? position = null)
        : base(message)
    {
        SqlState = sqlState;
        Position = position;
    }

    public string SqlState { get; }

    /// <summary>1-based character offset into the request's SQL text, or null.</summary>
    public int? Position { get; }

    public SqlException WithPosition(int? position) =>
        Position is not null || position is null ? this : new SqlException(SqlState, Message, position);

    public static SqlException Syntax(string message, int offset) => new(Sql.SqlState.SyntaxError, message, offset + 1);
    public static SqlException NotSupported(string what) => new(Sql.SqlState.FeatureNotSupported, $"{what} is not supported");
    public static SqlException DivisionByZero() => new(Sql.SqlState.DivisionByZero, "division by zero");
    public static SqlException OutOfRange(string typeName) => new(Sql.SqlState.NumericValueOutOfRange, $"{typeName} out of range");
}
