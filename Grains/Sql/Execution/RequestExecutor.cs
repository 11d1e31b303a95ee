using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Runs a request that belongs to no session: a fresh <see cref="Session"/> for the request; a
/// transaction block it leaves open is rolled back at its end.
/// </summary>
public sealed class RequestExecutor(IDataAccess data, PlanCache? plans = null)
{
    public async Task<IReadOnlyList<StatementResult>> ExecuteAsync(string sql, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        var session = new Session(data, plans);
        try
        {
            return await session.ExecuteAsync(sql, parameters, cancellationToken);
        }
        finally
        {
            if (session.InTransaction) await session.CloseAsync(CancellationToken.None);
        }
    }
}
