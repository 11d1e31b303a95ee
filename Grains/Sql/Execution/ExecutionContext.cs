using System.Runtime.CompilerServices;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>Everything a running statement reaches: the data, its transaction, parameters and cancellation.</summary>
public sealed class ExecutionContext(IDataAccess data, Transaction transaction, EvalContext eval, CancellationToken cancellationToken)
{
    /// <summary>The last value nextval returned per sequence in this session (what currval returns).</summary>
    public Dictionary<long, long> CurrentValues { get; init; } = [];

    public IDataAccess Data { get; } = data;

    public Transaction Transaction { get; } = transaction;

    public EvalContext Eval { get; } = eval;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Results of uncorrelated subqueries, computed once per statement.</summary>
    public ConditionalWeakTable<SubqueryExpr, List<Value[]>> UncorrelatedResults => Subqueries.UncorrelatedResults;

    /// <summary>The plan of each subquery, made once per statement.</summary>
    public ConditionalWeakTable<SubqueryExpr, Planning.PlanNode> SubqueryPlans => Subqueries.Plans;

    /// <summary>Made on the first subquery: most statements have none, and the tables cost more than the rest of the context.</summary>
    private SubqueryMemo Subqueries => _subqueries ??= new SubqueryMemo();

    private SubqueryMemo? _subqueries;

    /// <summary>The context in which a subquery runs for one row of this statement.</summary>
    public ExecutionContext ForOuterRow(Value[] row) =>
        new(Data, Transaction, Eval.WithOuterRow(row), CancellationToken) { _subqueries = Subqueries, CurrentValues = CurrentValues };

    /// <summary>What one statement remembers of its subqueries, shared by the contexts of its outer rows.</summary>
    private sealed class SubqueryMemo
    {
        public ConditionalWeakTable<SubqueryExpr, List<Value[]>> UncorrelatedResults { get; } = new();

        public ConditionalWeakTable<SubqueryExpr, Planning.PlanNode> Plans { get; } = new();
    }
}
