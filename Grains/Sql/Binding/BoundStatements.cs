using OrleansDb.Sql.Expressions;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

/// <summary>A statement with every name resolved and every expression typed.</summary>
public abstract record BoundStatement;

public sealed record BoundQuery(LogicalNode Root) : BoundStatement;

/// <summary>RETURNING: expressions over the statement's row (see each statement for its layout) and their names.</summary>
public sealed record BoundReturning(IReadOnlyList<BoundExpr> Exprs, IReadOnlyList<string> Names);

/// <summary>
/// ON CONFLICT: which uniqueness the conflict is on (<see cref="Index"/> null and <see cref="OnPrimaryKey"/>
/// false: any), and for DO UPDATE the assignments and condition, over the existing row followed by the
/// proposed row (EXCLUDED). No assignments means DO NOTHING.
/// </summary>
public sealed record BoundOnConflict(bool OnPrimaryKey, IndexSchema? Index, IReadOnlyList<(int Ordinal, BoundExpr Value)>? Updates, BoundExpr? Where);

/// <summary>
/// INSERT: <see cref="Source"/> yields full table rows (every column in ordinal order, defaults
/// filled in); the hidden row id, when the table has one, is assigned by the executor.
/// RETURNING reads the inserted (or, on conflict, updated) row.
/// </summary>
public sealed record BoundInsert(TableSchema Table, LogicalNode Source, BoundOnConflict? OnConflict = null, BoundReturning? Returning = null) : BoundStatement;

/// <summary>
/// UPDATE: rows of <see cref="Table"/> matching <see cref="Filter"/> get new values per column ordinal.
/// With FROM, expressions read the table's row followed by the FROM row (<see cref="From"/>'s layout).
/// </summary>
public sealed record BoundUpdate(TableSchema Table, BoundExpr? Filter, IReadOnlyList<(int Ordinal, BoundExpr Value)> Assignments,
    LogicalNode? From = null, BoundReturning? Returning = null) : BoundStatement;

/// <summary>DELETE: rows matching <see cref="Filter"/>; with USING, over the table's row followed by the USING row.</summary>
public sealed record BoundDelete(TableSchema Table, BoundExpr? Filter, LogicalNode? Using = null, BoundReturning? Returning = null) : BoundStatement;

/// <summary>
/// CREATE TABLE: the new table's definition, without its id (assigned when it runs), and the sequences
/// its SERIAL and identity columns draw from (owned by the table: dropped with it).
/// </summary>
public sealed record BoundCreateTable(TableSchema Table, bool IfNotExists, IReadOnlyList<SequenceSchema>? OwnedSequences = null) : BoundStatement;

/// <summary>CREATE SEQUENCE: the definition, without its id.</summary>
public sealed record BoundCreateSequence(SequenceSchema Sequence, bool IfNotExists) : BoundStatement;

public sealed record BoundDropSequence(IReadOnlyList<SequenceSchema> Sequences, bool IfExists) : BoundStatement;

public sealed record BoundDropTable(IReadOnlyList<TableSchema> Tables, IReadOnlyList<string> Missing, bool IfExists) : BoundStatement;

public sealed record BoundExplain(BoundStatement Inner) : BoundStatement;

/// <summary>CREATE INDEX: the index's definition, without its id (assigned when it runs).</summary>
public sealed record BoundCreateIndex(IndexSchema Index, TableSchema Table, bool IfNotExists) : BoundStatement;

public sealed record BoundDropIndex(IReadOnlyList<IndexSchema> Indexes, bool IfExists) : BoundStatement;

/// <summary>CREATE VIEW: the view's definition (its query text and column names), without its id.</summary>
public sealed record BoundCreateView(ViewSchema View) : BoundStatement;

public sealed record BoundDropView(IReadOnlyList<ViewSchema> Views, bool IfExists) : BoundStatement;

/// <summary>How an ALTER TABLE changes the stored rows.</summary>
public enum RowRewrite : byte { None, AddColumn, DropColumn }

/// <summary>
/// ALTER TABLE: the table's new definition and its indexes restated (ordinals follow a dropped column;
/// indexes on it are in <see cref="DroppedIndexes"/>). For ADD COLUMN, <see cref="NewValue"/> is what
/// existing rows get (the DEFAULT, or NULL); for DROP COLUMN, <see cref="Ordinal"/> is the column removed.
/// </summary>
public sealed record BoundAlterTable(TableSchema Table, TableSchema NewSchema, IReadOnlyList<IndexSchema> Indexes,
    IReadOnlyList<IndexSchema> DroppedIndexes, RowRewrite Rewrite, BoundExpr? NewValue, int Ordinal) : BoundStatement;

/// <summary>ALTER TABLE that has nothing to do (IF EXISTS on a missing table, IF NOT EXISTS on an existing column...).</summary>
public sealed record BoundNothing : BoundStatement;

public sealed record BoundCreateSchema(string Name, bool IfNotExists) : BoundStatement;

public sealed record BoundDropSchema(IReadOnlyList<string> Names, bool IfExists) : BoundStatement;
