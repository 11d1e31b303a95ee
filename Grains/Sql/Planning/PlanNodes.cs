using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Planning;

/// <summary>
/// A physical plan: what runs, with every decision made (access paths, pushed-down filters and
/// projections). Printable for EXPLAIN and golden tests.
/// </summary>
public abstract record PlanNode
{
    public abstract IReadOnlyList<OutputColumn> Columns { get; }

    public abstract IReadOnlyList<PlanNode> Inputs { get; }

    /// <summary>One line describing this node (without its inputs).</summary>
    public abstract string Describe();
}

/// <summary>
/// Reads a table. Without <see cref="IndexAccess"/>: a key range of its record atoms, with the filter
/// and projection running inside each atom, so only matching rows, and only the projected values,
/// travel. With it: a range of one of its index atoms, then the rows those entries name, filtered and
/// projected here. <see cref="Projection"/> null means full table rows. <see cref="LimitHint"/> caps rows.
/// <see cref="Indexes"/> are the table's indexes (the access paths a re-plan may choose).
/// </summary>
public sealed record AtomScanPlan(
    TableSchema Table,
    string Alias,
    KeyRange Range,
    BoundExpr? Filter,
    IReadOnlyList<BoundExpr>? Projection,
    IReadOnlyList<OutputColumn> ColumnList,
    BoundExpr? LimitHint) : PlanNode
{
    public IReadOnlyList<IndexSchema> Indexes { get; init; } = [];

    public IndexRange? IndexAccess { get; init; }

    public override IReadOnlyList<OutputColumn> Columns => ColumnList;

    public override IReadOnlyList<PlanNode> Inputs => [];

    public string AccessName => IndexAccess is not null ? "Index Scan" : Range.Kind switch
    {
        KeyRangeKind.Point => "Point Lookup",
        KeyRangeKind.PointSet => "Multi Point Lookup",
        KeyRangeKind.Range => "Range Scan",
        _ => "Full Scan",
    };

    public override string Describe()
    {
        string name = Alias == Table.Name ? Table.Name : $"{Table.Name} {Alias}";
        string text = IndexAccess is not null ? $"Index Scan using {IndexAccess.Index.Name} on {name}" : $"{AccessName} on {name}";
        if (IndexAccess is not null) text += $" ({IndexAccess})";
        else if (Range.Kind != KeyRangeKind.Full) text += $" ({Range})";
        if (Filter is not null) text += $" filter: {Filter}";
        if (Projection is not null) text += $" output: {string.Join(", ", Projection)}";
        if (LimitHint is not null) text += $" limit: {LimitHint}";
        return text;
    }
}

public sealed record FilterPlan(PlanNode Input, BoundExpr Predicate) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() => $"Filter: {Predicate}";
}

public sealed record ProjectPlan(PlanNode Input, IReadOnlyList<BoundExpr> Exprs, IReadOnlyList<OutputColumn> ColumnList) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => ColumnList;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() => $"Project: {string.Join(", ", Exprs)}";
}

public sealed record SortPlan(PlanNode Input, IReadOnlyList<SortKey> Keys) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() =>
        "Sort: " + string.Join(", ", Keys.Select(k => $"{k.Expr}{(k.Descending ? " DESC" : "")}{(k.NullsFirst != k.Descending ? (k.NullsFirst ? " NULLS FIRST" : " NULLS LAST") : "")}"));
}

public sealed record LimitPlan(PlanNode Input, BoundExpr? Limit, BoundExpr? Offset) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() => $"Limit: {Limit?.ToString() ?? "ALL"}{(Offset is null ? "" : $" offset {Offset}")}";
}

public sealed record DistinctPlan(PlanNode Input) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => Input.Columns;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() => "Hash Distinct";
}

public sealed record ValuesPlan(IReadOnlyList<IReadOnlyList<BoundExpr>> Rows, IReadOnlyList<OutputColumn> ColumnList) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => ColumnList;

    public override IReadOnlyList<PlanNode> Inputs => [];

    public override string Describe() => $"Values: {Rows.Count} row{(Rows.Count == 1 ? "" : "s")}";
}

public sealed record TrimPlan(PlanNode Input, int VisibleCount) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } = Input.Columns.Take(VisibleCount).ToList();

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() => $"Trim: first {VisibleCount} columns";
}

/// <summary>
/// Joins by testing <see cref="Condition"/> on every pair of rows; the right input is read once and
/// kept. Rows are the left row then the right row; outer joins pad the missing side with NULLs.
/// </summary>
public sealed record NestedLoopJoinPlan(PlanNode Left, PlanNode Right, LogicalJoinKind Kind, BoundExpr? Condition) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } = [.. Left.Columns, .. Right.Columns];

    public override IReadOnlyList<PlanNode> Inputs => [Left, Right];

    public override string Describe() => $"Nested Loop {KindName(Kind)}Join{(Condition is null ? "" : $" on {Condition}")}";

    public static string KindName(LogicalJoinKind kind) => kind == LogicalJoinKind.Inner ? "" : kind + " ";
}

/// <summary>
/// Joins on equal keys: the right input is hashed by <see cref="RightKeys"/>, the left probes it with
/// <see cref="LeftKeys"/>; <see cref="Residual"/> (over the joined row) must hold too. NULL keys never match.
/// </summary>
public sealed record HashJoinPlan(PlanNode Left, PlanNode Right, LogicalJoinKind Kind, IReadOnlyList<BoundExpr> LeftKeys, IReadOnlyList<BoundExpr> RightKeys, BoundExpr? Residual) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } = [.. Left.Columns, .. Right.Columns];

    public override IReadOnlyList<PlanNode> Inputs => [Left, Right];

    public override string Describe() =>
        $"Hash {NestedLoopJoinPlan.KindName(Kind)}Join on {string.Join(" AND ", LeftKeys.Select((k, i) => $"{k} = {RightKeys[i]}"))}{(Residual is null ? "" : $" filter: {Residual}")}";
}

/// <summary>Groups its input by <see cref="GroupBy"/> in a hash table; outputs group values then aggregate values.</summary>
public sealed record HashAggregatePlan(PlanNode Input, IReadOnlyList<BoundExpr> GroupBy, IReadOnlyList<AggregateCallExpr> Aggregates, IReadOnlyList<OutputColumn> ColumnList) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => ColumnList;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public override string Describe() =>
        $"Hash Aggregate{(GroupBy.Count == 0 ? "" : $" group by {string.Join(", ", GroupBy)}")}: {string.Join(", ", Aggregates)}";
}

public sealed record SetOpPlan(SetOpKind Kind, bool All, PlanNode Left, PlanNode Right, IReadOnlyList<OutputColumn> ColumnList) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns => ColumnList;

    public override IReadOnlyList<PlanNode> Inputs => [Left, Right];

    public override string Describe() => $"Hash {Kind}{(All ? " All" : "")}";
}

/// <summary>
/// An index nested-loop join on a table's primary key: for each batch of left rows, the right table's
/// rows with keys equal to <see cref="KeyExprs"/> (over the left row, in key-column order) are fetched
/// by point lookups — one call per atom holding any — with <see cref="Filter"/> run in the atoms;
/// <see cref="Residual"/> (over the joined row) must hold too.
/// </summary>
public sealed record LookupJoinPlan(PlanNode Left, TableSchema Table, string Alias, IReadOnlyList<BoundExpr> KeyExprs, BoundExpr? Filter, BoundExpr? Residual) : PlanNode
{
    public override IReadOnlyList<OutputColumn> Columns { get; } =
        [.. Left.Columns, .. Table.Columns.Select(c => new OutputColumn(c.Name, c.Type))];

    public override IReadOnlyList<PlanNode> Inputs => [Left];

    public override string Describe() =>
        $"Lookup Join on {(Alias == Table.Name ? Table.Name : $"{Table.Name} {Alias}")} ({string.Join(", ", Table.PrimaryKey.Select((k, i) => $"{Table.Columns[k].Name} = {KeyExprs[i]}"))})"
        + (Filter is null ? "" : $" filter: {Filter}") + (Residual is null ? "" : $" residual: {Residual}");
}
