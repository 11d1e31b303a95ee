using Orleans.Concurrency;
using OrleansDb.Cluster;

namespace OrleansDb.Engine;

/// <summary>The per-silo grain through which other silos reach this silo's sessions.</summary>
[SiloBoundPlacement]
[Reentrant]
public sealed class SessionHostGrain(SqlService sql, SessionManager sessions) : Grain, ISessionHostGrain
{
    public Task<SqlResponse> Execute(SqlRequest request) => sql.ExecuteAsync(request, CancellationToken.None);

    public Task<bool> Close(string session) => sessions.CloseAsync(session);
}
