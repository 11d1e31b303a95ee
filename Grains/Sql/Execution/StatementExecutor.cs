using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Execution.Operators;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>Runs a statement plan inside a transaction: queries through operators, writes into the transaction.</summary>
public static partial class StatementExecutor
{
    public static async Task<StatementResult> ExecuteAsync(StatementPlan plan, ExecutionContext context)
    {
        switch (plan)
        {
            case QueryPlan query:
                {
                    var rows = await Build(query.Root).DrainAsync(context);
                    return new StatementResult(query.Root.Columns, rows, 0);
                }
            case InsertPlan insert:
                return await InsertAsync(insert, context);
            case UpdatePlan update:
                return await UpdateAsync(update, context);
            case DeletePlan delete:
                return await DeleteAsync(delete, context);
            case CreateTablePlan create:
                return await CreateTableAsync(create, context);
            case DropTablePlan drop:
                DropTables(drop, context);
                return StatementResult.Command(0);
            case CreateIndexPlan create:
                return await CreateIndexAsync(create, context);
            case DropIndexPlan drop:
                DropIndexes(drop, context);
                return StatementResult.Command(0);
            case CreateSequencePlan create:
                return await CreateSequenceAsync(create, context);
            case DropSequencePlan drop:
                DropSequences(drop, context);
                return StatementResult.Command(0);
            case CreateViewPlan create:
                return await CreateViewAsync(create, context);
            case DropViewPlan drop:
                DropViews(drop, context);
                return StatementResult.Command(0);
            case AlterTablePlan alter:
                return await AlterTableAsync(alter.Alter, context);
            case NothingPlan:
                return StatementResult.Command(0);
            case CreateSchemaPlan create:
                CreateSchema(create, context);
                return StatementResult.Command(0);
            case DropSchemaPlan drop:
                DropSchemas(drop, context);
                return StatementResult.Command(0);
            case ExplainPlan explain:
                {
                    var lines = explain.Inner.Explain().Concat(DescribeAtoms(explain.Inner, context));
                    return new StatementResult([new OutputColumn("QUERY PLAN", SqlType.Text)], lines.Select(l => new[] { Value.FromText(l) }).ToList(), 0);
                }
            default:
                throw SqlException.NotSupported(plan.GetType().Name);
        }
    }

    public static Operator Build(PlanNode node) => node switch
    {
        AtomScanPlan scan => new AtomScanOperator(scan),
        FilterPlan filter => new FilterOperator(Build(filter.Input), filter.Predicate),
        ProjectPlan project => new ProjectOperator(Build(project.Input), project.Exprs),
        SortPlan sort => new SortOperator(Build(sort.Input), sort.Keys),
        LimitPlan limit => new LimitOperator(Build(limit.Input), limit.Limit, limit.Offset),
        DistinctPlan distinct => new DistinctOperator(Build(distinct.Input)),
        ValuesPlan values => new ValuesOperator(values.Rows),
        TrimPlan trim => new TrimOperator(Build(trim.Input), trim.VisibleCount),
        NestedLoopJoinPlan join => new NestedLoopJoinOperator(Build(join.Left), Build(join.Right), join.Kind, join.Condition, join.Left.Columns.Count, join.Right.Columns.Count),
        HashJoinPlan join => new HashJoinOperator(Build(join.Left), Build(join.Right), join.Kind, join.LeftKeys, join.RightKeys, join.Residual, join.Left.Columns.Count, join.Right.Columns.Count),
        HashAggregatePlan aggregate => new HashAggregateOperator(Build(aggregate.Input), aggregate.GroupBy, aggregate.Aggregates),
        SetOpPlan setOp => new SetOpOperator(setOp.Kind, setOp.All, Build(setOp.Left), Build(setOp.Right)),
        LookupJoinPlan lookup => new LookupJoinOperator(Build(lookup.Left), lookup),
        _ => throw SqlException.NotSupported(node.GetType().Name),
    };

    /// <summary>For EXPLAIN: the record atoms each scan touches, from this engine's record catalogs.</summary>
    private static IEnumerable<string> DescribeAtoms(StatementPlan plan, ExecutionContext context)
    {
        var scans = new List<AtomScanPlan>();
        void Collect(PlanNode node)
        {
            if (node is AtomScanPlan scan) scans.Add(scan);
            foreach (var input in node.Inputs) Collect(input);
        }
        switch (plan)
        {
            case QueryPlan q: Collect(q.Root); break;
            case InsertPlan i: Collect(i.Source); break;
            case UpdatePlan u: scans.Add(u.Scan); break;
            case DeletePlan d: scans.Add(d.Scan); break;
        }
        foreach (var scan in scans)
        {
            var atoms = context.Transaction.CommittedAtoms(scan.Table.Id);
            if (atoms is null) continue;
            var range = scan.Range.Evaluate(context.Eval);
            var covering = range is null ? [] : atoms.Covering(range.Value.Low, range.Value.High).Select(a => a.AtomId).ToList();
            yield return $"Atoms of {scan.Table.Name}: {covering.Count} of {atoms.Count} ({string.Join(", ", covering.Take(16))}{(covering.Count > 16 ? ", ..." : "")})";
        }
    }
}
