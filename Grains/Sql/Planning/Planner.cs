using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Planning;

/// <summary>
/// Turns bound statements into plans. The decisions, in order: push a filter into the scan below it
/// (<see cref="PushFilterIntoScan"/>), choose the key range the scan's filter allows
/// (<see cref="KeyRangeSelector"/>), push a projection into the scan (<see cref="PushProjectIntoScan"/>),
/// and push a LIMIT without ORDER BY into the scan as a row cap (<see cref="PushLimitIntoScan"/>).
/// </summary>
public static class Planner
{
    public static StatementPlan Plan(BoundStatement statement) => statement switch
    {
        BoundQuery query => new QueryPlan(PlanNode(query.Root)),
        BoundInsert insert => new InsertPlan(insert.Table, PlanNode(insert.Source), insert.OnConflict, insert.Returning),
        BoundUpdate update => PlanUpdate(update),
        BoundDelete delete => PlanDelete(delete),
        BoundCreateTable create => new CreateTablePlan(create.Table, create.IfNotExists, create.OwnedSequences),
        BoundCreateSequence create => new CreateSequencePlan(create.Sequence, create.IfNotExists),
        BoundDropSequence drop => new DropSequencePlan(drop.Sequences),
        BoundDropTable drop => new DropTablePlan(drop.Tables, drop.Missing, drop.IfExists),
        BoundExplain explain => new ExplainPlan(Plan(explain.Inner)),
        BoundCreateIndex create => new CreateIndexPlan(create.Index, create.Table, create.IfNotExists),
        BoundDropIndex drop => new DropIndexPlan(drop.Indexes),
        BoundCreateView create => new CreateViewPlan(create.View),
        BoundDropView drop => new DropViewPlan(drop.Views),
        BoundAlterTable alter => new AlterTablePlan(alter),
        BoundNothing => new NothingPlan(),
        BoundCreateSchema create => new CreateSchemaPlan(create.Name, create.IfNotExists),
        BoundDropSchema drop => new DropSchemaPlan(drop.Names, drop.IfExists),
        _ => throw SqlException.NotSupported(statement.GetType().Name),
    };

    private static UpdatePlan PlanUpdate(BoundUpdate update)
    {
        var (scan, residual) = DmlScan(update.Table, update.Filter);
        return new UpdatePlan(update.Table, scan, residual, update.Assignments, update.From is null ? null : PlanNode(update.From), update.Returning);
    }

    private static DeletePlan PlanDelete(BoundDelete delete)
    {
        var (scan, residual) = DmlScan(delete.Table, delete.Filter);
        return new DeletePlan(delete.Table, scan, residual, delete.Using is null ? null : PlanNode(delete.Using), delete.Returning);
    }

    /// <summary>
    /// The scan of an UPDATE or DELETE: conditions on the table's own columns without subqueries go into
    /// it; the rest (subqueries, conditions on FROM/USING rows) stay residual, over the combined row.
    /// </summary>
    private static (AtomScanPlan Scan, BoundExpr? Residual) DmlScan(TableSchema table, BoundExpr? filter)
    {
        if (filter is null) return (TableScan(table, table.Name, null, []), null);
        int width = table.Columns.Count;
        bool OwnColumnsOnly(BoundExpr c)
        {
            var columns = new HashSet<int>();
            ColumnRemapper.CollectColumns(c, columns);
            return columns.All(o => o < width) && !AsyncExpr.Within(c);
        }
        var conjuncts = KeyRangeSelector.Conjuncts(filter).ToList();
        var pushable = conjuncts.Where(OwnColumnsOnly).ToList();
        var residual = conjuncts.Where(c => !OwnColumnsOnly(c)).ToList();
        return (TableScan(table, table.Name, pushable.Count == 0 ? null : And(pushable), []), residual.Count == 0 ? null : And(residual));
    }

    /// <summary>Plans a query's logical tree (also used for subqueries at execution).</summary>
    public static PlanNode PlanNode(LogicalNode node)
    {
        switch (node)
        {
            case LogicalScan scan:
                return TableScan(scan.Table, scan.Alias, null, scan.Indexes);
            case LogicalFilter { Input: LogicalJoin { Kind: LogicalJoinKind.Inner } join } filter:
                return JoinPlanner.Plan(join, filter.Predicate, PlanNode);
            case LogicalJoin { Kind: LogicalJoinKind.Inner } join:
                return JoinPlanner.Plan(join, null, PlanNode);
            case LogicalJoin join:
                return PlanOuterJoin(join);
            case LogicalFilter filter:
                return PushFilterIntoScan(PlanNode(filter.Input), filter.Predicate);
            case LogicalAggregate aggregate:
                return new HashAggregatePlan(PlanNode(aggregate.Input), aggregate.GroupBy, aggregate.Aggregates, aggregate.Columns);
            case LogicalSetOp setOp:
                return new SetOpPlan(setOp.Kind, setOp.All, PlanNode(setOp.Left), PlanNode(setOp.Right), setOp.Columns);
            case LogicalProject project:
                {
                    var input = PlanNode(project.Input);
                    return (PlanNode?)PushProjectIntoScan(input, project) ?? new ProjectPlan(input, project.Exprs, project.Columns);
                }
            case LogicalSort sort:
                {
                    var input = PlanNode(sort.Input);
                    return (PlanNode?)UseScanOrder(input, sort.Keys) ?? new SortPlan(input, sort.Keys);
                }
            case LogicalLimit limit:
                {
                    var input = PlanNode(limit.Input);
                    return new LimitPlan(PushLimitIntoScan(input, limit), limit.Limit, limit.Offset);
                }
            case LogicalDistinct distinct:
                return new DistinctPlan(PlanNode(distinct.Input));
            case LogicalValues values:
                return new ValuesPlan(values.Rows, values.Columns);
            case LogicalTrim trim:
                return new TrimPlan(PlanNode(trim.Input), trim.VisibleCount);
            default:
                throw SqlException.NotSupported(node.GetType().Name);
        }
    }

    /// <summary>
    /// A scan of a table with a filter pushed in and the best access path it allows: a primary-key point
    /// lookup; else an index whose leading columns the filter fixes by equality; else a primary-key range;
    /// else an index range; else a full scan.
    /// </summary>
    public static AtomScanPlan TableScan(TableSchema table, string alias, BoundExpr? filter, IReadOnlyList<IndexSchema> indexes)
    {
        var columns = table.Columns.Select(c => new OutputColumn(c.Name, c.Type)).ToList();
        var range = filter is null ? KeyRange.Full(KeyColumns(table)) : KeyRangeSelector.Select(table, filter);
        if (filter is not null && AsyncExpr.Within(filter))
        {
            throw new InvalidOperationException("a filter with subqueries cannot run inside an atom");
        }
        var plan = new AtomScanPlan(table, alias, range, filter, null, columns, null) { Indexes = indexes };
        if (filter is null || range.Kind == KeyRangeKind.Point || indexes.Count == 0) return plan;
        IndexRange? best = null;
        foreach (var index in indexes)
        {
            var match = KeyRangeSelector.Match(table, filter, index.Columns.Select(c => c.Ordinal).ToList());
            if (match.IsEmpty) continue;
            if (best is null || Better(match, best.Match)) best = new IndexRange(index, table, match);
        }
        if (best is null) return plan;
        bool indexFixesColumns = best.Match.EqualPrefix.Count > 0;
        if (range.Kind == KeyRangeKind.Range && (!indexFixesColumns || range.EqualPrefix.Count >= best.Match.EqualPrefix.Count)) return plan;
        return plan with { IndexAccess = best };
    }

    private static bool Better(KeyMatch a, KeyMatch b) =>
        a.EqualPrefix.Count != b.EqualPrefix.Count ? a.EqualPrefix.Count > b.EqualPrefix.Count : a.HasRange && !b.HasRange;

    private static IReadOnlyList<ColumnSchema> KeyColumns(TableSchema table) => table.PrimaryKey.Select(i => table.Columns[i]).ToList();

    /// <summary>
    /// Puts the filter's conditions into the scan below it, where they choose the key range and run
    /// inside the atoms; conditions with subqueries stay in a filter above.
    /// </summary>
    private static PlanNode PushFilterIntoScan(PlanNode input, BoundExpr predicate)
    {
        var conjuncts = KeyRangeSelector.Conjuncts(predicate).ToList();
        var pushable = conjuncts.Where(c => !AsyncExpr.Within(c)).ToList();
        var kept = conjuncts.Where(c => AsyncExpr.Within(c)).ToList();
        if (input is not AtomScanPlan { Projection: null, LimitHint: null } scan || pushable.Count == 0)
        {
            return new FilterPlan(input, predicate);
        }
        var filter = scan.Filter is null ? And(pushable) : new AndExpr([scan.Filter, .. pushable]);
        PlanNode result = TableScan(scan.Table, scan.Alias, filter, scan.Indexes);
        return kept.Count == 0 ? result : new FilterPlan(result, And(kept));
    }

    private static BoundExpr And(List<BoundExpr> conjuncts) => conjuncts.Count == 1 ? conjuncts[0] : new AndExpr(conjuncts);

    /// <summary>
    /// Drops a sort that the scan below already delivers: rows come in primary-key order from record
    /// atoms, and in index order from an index scan. A full scan switches to an index whose leading
    /// columns (with their directions and PostgreSQL's NULL placement) are the sort keys, so that
    /// ORDER BY ... LIMIT reads only the first entries.
    /// </summary>
    private static AtomScanPlan? UseScanOrder(PlanNode input, IReadOnlyList<SortKey> keys)
    {
        if (input is not AtomScanPlan { LimitHint: null } scan || keys.Count == 0) return null;
        var ordinals = new List<int>();
        foreach (var key in keys)
        {
            if (key.Expr is not ColumnExpr c) return null;
            var source = scan.Projection is null ? new ColumnExpr(c.Ordinal, c.Type, c.Name) : scan.Projection[c.Ordinal];
            if (source is not ColumnExpr column) return null;
            ordinals.Add(column.Ordinal);
        }
        bool ascendingNullsLast = keys.All(k => !k.Descending && !k.NullsFirst);
        if (scan.IndexAccess is null && scan.Range.Kind != KeyRangeKind.PointSet && ascendingNullsLast
            && ordinals.Count <= scan.Table.PrimaryKey.Count && ordinals.SequenceEqual(scan.Table.PrimaryKey.Take(ordinals.Count)))
        {
            return scan;
        }
        bool IndexOrder(IndexSchema index) =>
            ordinals.Count <= index.Columns.Count
            && ordinals.Select((o, i) => index.Columns[i].Ordinal == o && index.Columns[i].Descending == keys[i].Descending && keys[i].NullsFirst == keys[i].Descending).All(x => x);
        if (scan.IndexAccess is { } access) return access.Match.EqualPrefix.Count == 0 && IndexOrder(access.Index) ? scan : null;
        if (scan.Range.Kind != KeyRangeKind.Full) return null;
        var index = scan.Indexes.FirstOrDefault(IndexOrder);
        return index is null ? null : scan with { IndexAccess = new IndexRange(index, scan.Table, new KeyMatch([], null, false, null, false)) };
    }

    /// <summary>An outer join: a hash join on its equalities between the two sides when it has some, else a nested loop.</summary>
    private static PlanNode PlanOuterJoin(LogicalJoin join)
    {
        var left = PlanNode(join.Left);
        var right = PlanNode(join.Right);
        int leftWidth = join.Left.Columns.Count;
        var leftKeys = new List<BoundExpr>();
        var rightKeys = new List<BoundExpr>();
        var residual = new List<BoundExpr>();
        foreach (var c in join.Condition is null ? [] : KeyRangeSelector.Conjuncts(join.Condition))
        {
            if (c is CompareExpr { Op: CompareOp.Equal } eq && !AsyncExpr.Within(c))
            {
                var l = Side(eq.Left, leftWidth);
                var r = Side(eq.Right, leftWidth);
                if (l == -1 && r == 1)
                {
                    leftKeys.Add(eq.Left);
                    rightKeys.Add(ColumnRemapper.Remap(eq.Right, o => o - leftWidth));
                    continue;
                }
                if (l == 1 && r == -1)
                {
                    leftKeys.Add(eq.Right);
                    rightKeys.Add(ColumnRemapper.Remap(eq.Left, o => o - leftWidth));
                    continue;
                }
            }
            residual.Add(c);
        }
        return leftKeys.Count > 0
            ? new HashJoinPlan(left, right, join.Kind, leftKeys, rightKeys, residual.Count == 0 ? null : And(residual))
            : new NestedLoopJoinPlan(left, right, join.Kind, join.Condition);
    }

    /// <summary>-1 when an expression reads only left columns, 1 only right columns, 0 otherwise.</summary>
    private static int Side(BoundExpr expr, int leftWidth)
    {
        var columns = new HashSet<int>();
        ColumnRemapper.CollectColumns(expr, columns);
        if (columns.Count == 0) return 0;
        if (columns.All(c => c < leftWidth)) return -1;
        if (columns.All(c => c >= leftWidth)) return 1;
        return 0;
    }

    private static AtomScanPlan? PushProjectIntoScan(PlanNode input, LogicalProject project)
    {
        if (input is not AtomScanPlan { Projection: null, LimitHint: null } scan || project.Exprs.Any(AsyncExpr.Within)) return null;
        return scan with { Projection = project.Exprs, ColumnList = project.Columns };
    }

    private static PlanNode PushLimitIntoScan(PlanNode input, LogicalLimit limit)
    {
        if (limit.Limit is null) return input;
        var scan = input switch
        {
            AtomScanPlan s => s,
            TrimPlan { Input: AtomScanPlan s } => s,
            _ => null,
        };
        if (scan is null) return input;
        var cap = limit.Offset is null ? limit.Limit : new ArithmeticExpr(ArithmeticOp.Add, limit.Limit, limit.Offset, limit.Limit.Type);
        var capped = scan with { LimitHint = cap };
        return input is TrimPlan trim ? trim with { Input = capped } : capped;
    }
}
