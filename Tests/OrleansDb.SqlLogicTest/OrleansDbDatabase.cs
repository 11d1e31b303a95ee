using Orleans.TestingHost;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// The sqllogictest backend for OrleansDb: each file gets a fresh one-silo in-process cluster, and
/// every statement takes the real query path (Orleans client → gateway silo → SQL grain → engine).
/// </summary>
public sealed class OrleansDbDatabase(InProcessTestCluster cluster) : ISqlLogicDatabase
{
    public string EngineName => "orleansdb";

    public async Task ExecuteStatementAsync(string sql, CancellationToken ct) => await RunAsync(sql, ct);

    public async Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken ct)
    {
        var response = await RunAsync(sql, ct);
        return response.Results.Count == 0 ? [] : response.Results[^1].Rows;
    }

    private async Task<SqlResponse> RunAsync(string sql, CancellationToken ct)
    {
        var response = await cluster.ExecuteAsync(sql).WaitAsync(ct);
        if (response.Error is { } error) throw new InvalidOperationException($"{error.Code}: {error.Message}");
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}

public sealed class OrleansDbDatabaseFactory : ISqlLogicDatabaseFactory
{
    public async Task<ISqlLogicDatabase> CreateAsync(CancellationToken ct) =>
        new OrleansDbDatabase(await OrleansDbTestCluster.StartAsync(1).WaitAsync(ct));
}
