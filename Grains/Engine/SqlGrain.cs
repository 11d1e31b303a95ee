using Orleans.Concurrency;

namespace OrleansDb.Engine;

/// <summary>
/// Where Orleans clients send SQL. A stateless worker is activated on the silo that receives the call
/// (the client's gateway), so the statement runs there, like an HTTP request.
/// </summary>
[StatelessWorker]
public sealed class SqlGrain(SqlService sql, SessionManager sessions) : Grain, ISqlGrain
{
    public Task<SqlResponse> Execute(SqlRequest request) => sql.ExecuteAsync(request, CancellationToken.None);

    public Task<string> OpenSession() => Task.FromResult(sessions.Open());

    public Task<bool> CloseSession(string session) => sql.CloseSessionAsync(session);
}
