using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Runs one request — one or more ';'-separated statements — as one transaction: a snapshot at a read
/// version, each statement parsed, bound, planned and executed in order, then one commit. If anything
/// fails, nothing of the request is applied. A single statement whose commit loses a write conflict
/// (40001) before anything was returned is retried a bounded number of times.
/// </summary>
public sealed class RequestExecutor(IDataAccess data)
{
    public const int MaxConflictRetries = 3;

    public async Task<IReadOnlyList<StatementResult>> ExecuteAsync(string sql, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        var statements = Parser.ParseScript(sql);
        if (statements.Count == 0) return [];
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(statements, parameters, cancellationToken);
            }
            catch (SqlException e) when (e.SqlState == SqlState.SerializationFailure && statements.Count == 1 && attempt < MaxConflictRetries)
            {
                // Nothing was returned and nothing applied: run the statement again on a newer snapshot.
            }
        }
    }

    private async Task<IReadOnlyList<StatementResult>> RunOnceAsync(List<Statement> statements, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        long readVersion = await data.GetReadVersionAsync(cancellationToken);
        await data.WaitForVersionAsync(readVersion, cancellationToken);
        var catalog = data.Catalog;
        var transaction = new Transaction(readVersion, data.AppliedVersion, catalog);
        var context = new ExecutionContext(data, transaction, new EvalContext(parameters, now: DateTime.UtcNow), cancellationToken);
        var results = new List<StatementResult>(statements.Count);
        foreach (var statement in statements)
        {
            var bound = new Binder(transaction, parameters).Bind(statement);
            var plan = Planner.Plan(bound);
            results.Add(await StatementExecutor.ExecuteAsync(plan, context));
        }
        if (transaction.HasChanges) await data.CommitAsync(transaction.ToCommitRequest(), cancellationToken);
        return results;
    }
}
