namespace OrleansDb;

/// <summary>A SQL request as it reaches a silo: one or more ';'-separated statements and their parameters.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.SqlRequest")]
public sealed class SqlRequest
{
    [Id(0)] public required string Sql { get; init; }

    /// <summary>Parameter values ($1, $2, ...): null, bool, long, int, short, double, float, decimal or string.</summary>
    [Id(1)] public object?[] Parameters { get; init; } = [];

    /// <summary>The session to run in (its open transaction, if any); null runs the request on its own.</summary>
    [Id(2)] public string? Session { get; init; }
}

/// <summary>The answer to a <see cref="SqlRequest"/>: one result per statement, or the error that rolled it back.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.SqlResponse")]
public sealed class SqlResponse
{
    [Id(0)] public IReadOnlyList<SqlResultSet> Results { get; init; } = [];

    [Id(1)] public SqlError? Error { get; init; }
}

/// <summary>One statement's result: columns and rows for queries; rows affected for DML.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.SqlResultSet")]
public sealed class SqlResultSet
{
    [Id(0)] public IReadOnlyList<SqlColumn> Columns { get; init; } = [];

    /// <summary>Rows of values: null, bool, long, double or string.</summary>
    [Id(1)] public IReadOnlyList<object?[]> Rows { get; init; } = [];

    [Id(2)] public long RowsAffected { get; init; }
}

[GenerateSerializer, Immutable, Alias("OrleansDb.SqlColumn")]
public sealed record SqlColumn([property: Id(0)] string Name, [property: Id(1)] string Type);

/// <summary>An error with its SQLSTATE and, where it applies, a 1-based position in the SQL text.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.SqlError")]
public sealed record SqlError([property: Id(0)] string Code, [property: Id(1)] string Message, [property: Id(2)] int? Position);
