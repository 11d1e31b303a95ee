using Orleans.Concurrency;

namespace OrleansDb.Engine;

/// <summary>
/// Where Orleans clients send SQL. A stateless worker is activated on the silo that receives the call
/// (the client's gateway), so the statement runs there, like an HTTP request. It is reentrant: a
/// statement that waits (for a row lock, a commit) must not hold up the statements behind it — the one
/// it waits for may be among them.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class SqlGrain(SqlService sql, SessionManager sessions) : Grain, ISqlGrain
{
    public Task<SqlResponse> Execute(SqlRequest request) => sql.ExecuteAsync(request, CancellationToken.None);

    public Task<string> OpenSession() => Task.FromResult(sessions.Open());

    public Task<bool> CloseSession(string session) => sql.CloseSessionAsync(session);
}
