using OrleansDb.Sql.Expressions;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

/// <summary>A statement with every name resolved and every expression typed.</summary>
public abstract record BoundStatement;

public sealed record BoundQuery(LogicalNode Root) : BoundStatement;

/// <summary>
/// INSERT: <see cref="Source"/> yields full table rows (every column in ordinal order, defaults
/// filled in); the hidden row id, when the table has one, is assigned by the executor.
/// </summary>
public sealed record BoundInsert(TableSchema Table, LogicalNode Source) : BoundStatement;

/// <summary>UPDATE: rows of <see cref="Table"/> matching <see cref="Filter"/> get new values per column ordinal.</summary>
public sealed record BoundUpdate(TableSchema Table, BoundExpr? Filter, IReadOnlyList<(int Ordinal, BoundExpr Value)> Assignments) : BoundStatement;

public sealed record BoundDelete(TableSchema Table, BoundExpr? Filter) : BoundStatement;

/// <summary>CREATE TABLE: the new table's definition, without its id (assigned when it runs).</summary>
public sealed record BoundCreateTable(TableSchema Table, bool IfNotExists) : BoundStatement;

public sealed record BoundDropTable(IReadOnlyList<TableSchema> Tables, IReadOnlyList<string> Missing, bool IfExists) : BoundStatement;

public sealed record BoundExplain(BoundStatement Inner) : BoundStatement;

/// <summary>CREATE INDEX: the index's definition, without its id (assigned when it runs).</summary>
public sealed record BoundCreateIndex(IndexSchema Index, TableSchema Table, bool IfNotExists) : BoundStatement;

public sealed record BoundDropIndex(IReadOnlyList<IndexSchema> Indexes, bool IfExists) : BoundStatement;

/// <summary>CREATE VIEW: the view's definition (its query text and column names), without its id.</summary>
public sealed record BoundCreateView(ViewSchema View) : BoundStatement;

public sealed record BoundDropView(IReadOnlyList<ViewSchema> Views, bool IfExists) : BoundStatement;
