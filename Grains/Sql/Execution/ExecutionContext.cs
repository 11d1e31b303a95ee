using OrleansDb.Sql.Expressions;

namespace OrleansDb.Sql.Execution;

/// <summary>Everything a running statement reaches: the data, its transaction, parameters and cancellation.</summary>
public sealed class ExecutionContext(IDataAccess data, Transaction transaction, EvalContext eval, CancellationToken cancellationToken)
{
    public IDataAccess Data { get; } = data;

    public Transaction Transaction { get; } = transaction;

    public EvalContext Eval { get; } = eval;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
