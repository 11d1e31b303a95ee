using Orleans.TestingHost;
using OrleansDb.Configuration;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>
/// One in-process, one-silo OrleansDb cluster shared by the tests of a class, with the assertions
/// those tests share: a request succeeds, a request fails with a SQLSTATE.
/// </summary>
public class EngineClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not started");

    protected virtual void Configure(OrleansDbOptions options)
    {
    }

    public async Task InitializeAsync() => _cluster = await OrleansDbTestCluster.StartAsync(silos: 1, configure: Configure);

    public async Task DisposeAsync()
    {
        if (_cluster is null) return;
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    public Task<SqlResponse> ExecuteAsync(string sql, params object?[] parameters) => Cluster.ExecuteAsync(sql, parameters);

    /// <summary>Runs a request that must succeed and returns its results, one per statement.</summary>
    public async Task<IReadOnlyList<SqlResultSet>> RunAsync(string sql, params object?[] parameters)
    {
        var response = await ExecuteAsync(sql, parameters);
        Assert.True(response.Error is null, $"{sql}\nfailed: {response.Error?.Code} {response.Error?.Message}");
        return response.Results;
    }

    /// <summary>The rows of the last statement of a request that must succeed.</summary>
    public async Task<IReadOnlyList<object?[]>> QueryAsync(string sql, params object?[] parameters) => (await RunAsync(sql, parameters))[^1].Rows;

    /// <summary>Runs a request that must fail with <paramref name="sqlState"/>, and returns the error.</summary>
    public async Task<SqlError> FailAsync(string sqlState, string sql, params object?[] parameters)
    {
        var response = await ExecuteAsync(sql, parameters);
        Assert.True(response.Error is not null, $"{sql}\nsucceeded, expected {sqlState}");
        Assert.Equal(sqlState, response.Error.Code);
        return response.Error;
    }
}
