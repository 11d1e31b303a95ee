using Orleans.Concurrency;

namespace OrleansDb.Engine;

/// <summary>
/// Where Orleans clients send SQL. A stateless worker is activated on the silo that receives the call
/// (the client's gateway), so the statement runs there, like an HTTP request.
/// </summary>
[StatelessWorker]
public sealed class SqlGrain(SqlService sql) : Grain, ISqlGrain
{
    public Task<SqlResponse> Execute(SqlRequest request) => sql.ExecuteAsync(request, CancellationToken.None);
}
