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
        BoundInsert insert => new InsertPlan(insert.Table, PlanNode(insert.Source)),
        BoundUpdate update => new UpdatePlan(update.Table, TableScan(update.Table, update.Table.Name, update.Filter), update.Assignments),
        BoundDelete delete => new DeletePlan(delete.Table, TableScan(delete.Table, delete.Table.Name, delete.Filter)),
        BoundCreateTable create => new CreateTablePlan(create.Table, create.IfNotExists),
        BoundDropTable drop => new DropTablePlan(drop.Tables, drop.Missing, drop.IfExists),
        BoundExplain explain => new ExplainPlan(Plan(explain.Inner)),
        _ => throw SqlException.NotSupported(statement.GetType().Name),
    };

    private static PlanNode PlanNode(LogicalNode node)
    {
        switch (node)
        {
            case LogicalScan scan:
                return TableScan(scan.Table, scan.Alias, null);
            case LogicalFilter filter:
                {
                    var input = PlanNode(filter.Input);
                    return (PlanNode?)PushFilterIntoScan(input, filter.Predicate) ?? new FilterPlan(input, filter.Predicate);
                }
            case LogicalProject project:
                {
                    var input = PlanNode(project.Input);
                    return (PlanNode?)PushProjectIntoScan(input, project) ?? new ProjectPlan(input, project.Exprs, project.Columns);
                }
            case LogicalSort sort:
                return new SortPlan(PlanNode(sort.Input), sort.Keys);
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

    /// <summary>A scan of a table with a filter pushed in and the key range it allows.</summary>
    public static AtomScanPlan TableScan(TableSchema table, string alias, BoundExpr? filter)
    {
        var columns = table.Columns.Select(c => new OutputColumn(c.Name, c.Type)).ToList();
        var range = filter is null ? KeyRange.Full(KeyColumns(table)) : KeyRangeSelector.Select(table, filter);
        return new AtomScanPlan(table, alias, range, filter, null, columns, null);
    }

    private static IReadOnlyList<ColumnSchema> KeyColumns(TableSchema table) => table.PrimaryKey.Select(i => table.Columns[i]).ToList();

    private static AtomScanPlan? PushFilterIntoScan(PlanNode input, BoundExpr predicate)
    {
        if (input is not AtomScanPlan { Projection: null, LimitHint: null } scan) return null;
        var filter = scan.Filter is null ? predicate : new AndExpr([scan.Filter, predicate]);
        return TableScan(scan.Table, scan.Alias, filter);
    }

    private static AtomScanPlan? PushProjectIntoScan(PlanNode input, LogicalProject project)
    {
        if (input is not AtomScanPlan { Projection: null, LimitHint: null } scan) return null;
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
