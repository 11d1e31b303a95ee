namespace OrleansDb.Sql.Parsing;

/// <summary>One parsed statement. <see cref="Offset"/> is where it starts in the request text.</summary>
public abstract record Statement(int Offset);

/// <summary>A possibly schema-qualified object name.</summary>
public sealed record ObjectName(string? Schema, string Name, int Offset)
{
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}

public sealed record ColumnConstraints(bool NotNull, bool Null, bool PrimaryKey, bool Unique, Expr? Default);

public sealed record ColumnDef(string Name, TypeName Type, ColumnConstraints Constraints, int Offset);

public sealed record CreateTableStatement(
    ObjectName Table,
    IReadOnlyList<ColumnDef> Columns,
    IReadOnlyList<string>? PrimaryKey,
    IReadOnlyList<IReadOnlyList<string>> UniqueConstraints,
    bool IfNotExists,
    int Offset) : Statement(Offset);

public sealed record DropTableStatement(IReadOnlyList<ObjectName> Tables, bool IfExists, int Offset) : Statement(Offset);

public sealed record InsertStatement(
    ObjectName Table,
    IReadOnlyList<string>? Columns,
    QueryExpr Source,
    int Offset) : Statement(Offset);

public sealed record Assignment(string Column, Expr Value, int Offset);

public sealed record UpdateStatement(ObjectName Table, string? Alias, IReadOnlyList<Assignment> Assignments, Expr? Where, int Offset) : Statement(Offset);

public sealed record DeleteStatement(ObjectName Table, string? Alias, Expr? Where, int Offset) : Statement(Offset);

public sealed record SelectStatement(QueryExpr Query, int Offset) : Statement(Offset);

public sealed record ExplainStatement(Statement Inner, int Offset) : Statement(Offset);
