using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

/// <summary>A column a node produces: its name (as the user sees it) and type.</summary>
public sealed record OutputColumn(string Name, SqlType Type);

/// <summary>
/// The binder's output for queries: a tree of logical operators whose expressions refer to their
/// input's columns by ordinal. The planner turns it into a physical plan.
/// </summary>
public abstract record LogicalNode
{
    public abstract IReadOnlyList<OutputColumn> Columns { get; }
}

/// <summary>Every row of a table, laid out as the table's columns (hidden row id included); the table's indexes are access paths.</summary>
public sealed record LogicalScan(TableSchema Table, string Alias, IReadOnlyList<IndexSchema> Indexes) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } =
        Table.Columns.Select(c => new OutputColumn(c.Name, c.Type)).ToList();
}

public sealed record LogicalFilter(LogicalNode Input, BoundExpr Predicate) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;
}

public sealed record LogicalProject(LogicalNode Input, IReadOnlyList<BoundExpr> Exprs, IReadOnlyList<string> Names) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } =
        Exprs.Select((e, i) => new OutputColumn(Names[i], e.Type)).ToList();
}

public sealed record SortKey(BoundExpr Expr, bool Descending, bool NullsFirst);

public sealed record LogicalSort(LogicalNode Input, IReadOnlyList<SortKey> Keys) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;
}

/// <summary>LIMIT/OFFSET; the counts are constant expressions (parameters allowed).</summary>
public sealed record LogicalLimit(LogicalNode Input, BoundExpr? Limit, BoundExpr? Offset) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;
}

/// <summary>Literal rows (VALUES, or the single empty row of a SELECT without FROM).</summary>
public sealed record LogicalValues(IReadOnlyList<IReadOnlyList<BoundExpr>> Rows, IReadOnlyList<OutputColumn> ColumnList) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns => ColumnList;
}

/// <summary>Keeps the first <paramref name="VisibleCount"/> columns (drops sort-only columns).</summary>
public sealed record LogicalTrim(LogicalNode Input, int VisibleCount) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } = Input.Columns.Take(VisibleCount).ToList();
}

/// <summary>Removes duplicate rows (SELECT DISTINCT); NULLs are equal to each other here.</summary>
public sealed record LogicalDistinct(LogicalNode Input) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;
}

public enum LogicalJoinKind : byte { Inner, Left, Right, Full }

/// <summary>A join; rows are the left row followed by the right row (NULL-padded for outer joins).</summary>
public sealed record LogicalJoin(LogicalNode Left, LogicalNode Right, LogicalJoinKind Kind, BoundExpr? Condition) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } = [.. Left.Columns, .. Right.Columns];
}

/// <summary>Groups rows by <see cref="GroupBy"/>; each output row is the group's key values then the aggregates' values.</summary>
public sealed record LogicalAggregate(LogicalNode Input, IReadOnlyList<BoundExpr> GroupBy, IReadOnlyList<AggregateCallExpr> Aggregates) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } =
        [.. GroupBy.Select((g, i) => new OutputColumn($"group{i}", g.Type)), .. Aggregates.Select(a => new OutputColumn(a.ToString(), a.Type))];
}

public enum SetOpKind : byte { Union, Intersect, Except }

/// <summary>UNION / INTERSECT / EXCEPT [ALL]; columns are named after the left input, typed by both.</summary>
public sealed record LogicalSetOp(SetOpKind Kind, bool All, LogicalNode Left, LogicalNode Right, IReadOnlyList<OutputColumn> ColumnList) : LogicalNode
{
    public override IReadOnlyList<OutputColumn> Columns => ColumnList;
}
