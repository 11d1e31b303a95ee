namespace OrleansDb.Client;

/// <summary>A SQL error reported by the database: its SQLSTATE code, message and 1-based position in the SQL, if any.</summary>
public sealed class OrleansDbException(string sqlState, string message, int? position) : Exception(message)
{
    public string SqlState { get; } = sqlState;

    public int? Position { get; } = position;

    public override string ToString() => $"{SqlState}: {Message}{(Position is int p ? $" (at {p})" : "")}";
}
