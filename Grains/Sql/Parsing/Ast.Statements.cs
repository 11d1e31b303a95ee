namespace OrleansDb.Sql.Parsing;

/// <summary>One parsed statement. <see cref="Offset"/> is where it starts in the request text.</summary>
public abstract record Statement(int Offset);

/// <summary>A possibly schema-qualified object name.</summary>
public sealed record ObjectName(string? Schema, string Name, int Offset)
{
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}

public sealed record ColumnConstraints(bool NotNull, bool Null, bool PrimaryKey, bool Unique, Expr? Default, IdentityClause? Identity = null);

/// <summary>
/// The options of CREATE SEQUENCE (and of an identity column): null means the default. A null
/// <see cref="MinValue"/> or <see cref="MaxValue"/> is also what NO MINVALUE / NO MAXVALUE say.
/// </summary>
public sealed record SequenceOptions(TypeName? Type, long? Increment, long? MinValue, long? MaxValue, long? Start, long? Cache, bool Cycle)
{
    public static readonly SequenceOptions None = new(null, null, null, null, null, null, false);
}

/// <summary>GENERATED ALWAYS | BY DEFAULT AS IDENTITY [( options )].</summary>
public sealed record IdentityClause(bool Always, SequenceOptions Options, int Offset);

public sealed record CreateSequenceStatement(ObjectName Name, SequenceOptions Options, bool IfNotExists, int Offset) : Statement(Offset);

public sealed record ColumnDef(string Name, TypeName Type, ColumnConstraints Constraints, int Offset);

public sealed record CreateTableStatement(
    ObjectName Table,
    IReadOnlyList<ColumnDef> Columns,
    IReadOnlyList<string>? PrimaryKey,
    IReadOnlyList<IReadOnlyList<string>> UniqueConstraints,
    bool IfNotExists,
    int Offset) : Statement(Offset);

public sealed record DropTableStatement(IReadOnlyList<ObjectName> Tables, bool IfExists, int Offset) : Statement(Offset);

/// <summary>ON CONFLICT [(columns)] DO NOTHING | DO UPDATE SET ... [WHERE ...].</summary>
public sealed record OnConflictClause(IReadOnlyList<string>? Target, IReadOnlyList<Assignment>? Updates, Expr? Where, int Offset);

public sealed record InsertStatement(
    ObjectName Table,
    string? Alias,
    IReadOnlyList<string>? Columns,
    QueryExpr Source,
    OnConflictClause? OnConflict,
    IReadOnlyList<SelectItem>? Returning,
    int Offset) : Statement(Offset);

public sealed record Assignment(string Column, Expr Value, int Offset);

public sealed record UpdateStatement(
    ObjectName Table,
    string? Alias,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<FromItem> From,
    Expr? Where,
    IReadOnlyList<SelectItem>? Returning,
    int Offset) : Statement(Offset);

public sealed record DeleteStatement(
    ObjectName Table,
    string? Alias,
    IReadOnlyList<FromItem> Using,
    Expr? Where,
    IReadOnlyList<SelectItem>? Returning,
    int Offset) : Statement(Offset);

public sealed record SelectStatement(QueryExpr Query, int Offset) : Statement(Offset);

public sealed record ExplainStatement(Statement Inner, int Offset) : Statement(Offset);

public sealed record IndexColumnDef(string Name, bool Descending, int Offset);

public sealed record CreateIndexStatement(string Name, ObjectName Table, IReadOnlyList<IndexColumnDef> Columns, bool Unique, bool IfNotExists, int Offset) : Statement(Offset);

/// <summary>DROP INDEX / DROP VIEW / DROP SEQUENCE (<see cref="Kind"/> says which): names, IF EXISTS.</summary>
public sealed record DropRelationStatement(string Kind, IReadOnlyList<ObjectName> Names, bool IfExists, int Offset) : Statement(Offset);

/// <summary>CREATE VIEW; <see cref="QuerySql"/> is the query's text as written, which the catalog keeps.</summary>
public sealed record CreateViewStatement(ObjectName Name, IReadOnlyList<string>? Columns, QueryExpr Query, string QuerySql, int Offset) : Statement(Offset);

/// <summary>One action of ALTER TABLE.</summary>
public abstract record AlterAction(int Offset);

public sealed record AddColumnAction(ColumnDef Column, bool IfNotExists, int Offset) : AlterAction(Offset);

public sealed record DropColumnAction(string Column, bool IfExists, int Offset) : AlterAction(Offset);

public sealed record RenameColumnAction(string Column, string NewName, int Offset) : AlterAction(Offset);

public sealed record RenameTableAction(string NewName, int Offset) : AlterAction(Offset);

public sealed record AlterTableStatement(ObjectName Table, bool IfExists, AlterAction Action, int Offset) : Statement(Offset);

public sealed record CreateSchemaStatement(string Name, bool IfNotExists, int Offset) : Statement(Offset);

public sealed record DropSchemaStatement(IReadOnlyList<string> Names, bool IfExists, int Offset) : Statement(Offset);

public enum TransactionCommand : byte { Begin, Commit, Rollback, Savepoint, RollbackToSavepoint, ReleaseSavepoint, SetTransaction, SetSessionDefault }

/// <summary>
/// BEGIN / START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK TO SAVEPOINT, RELEASE SAVEPOINT,
/// SET TRANSACTION and SET SESSION CHARACTERISTICS AS TRANSACTION. <see cref="Isolation"/> is the
/// level named ("read committed", "repeatable read", "serializable"), if any.
/// </summary>
public sealed record TransactionStatement(TransactionCommand Command, string? Isolation, string? Savepoint, int Offset) : Statement(Offset);
