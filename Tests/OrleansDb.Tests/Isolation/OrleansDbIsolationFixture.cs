using Orleans.TestingHost;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Isolation;

/// <summary>
/// An in-process OrleansDb cluster for the scenarios of one test class. Transaction Tn opens its session
/// on silo (n - 1) mod <see cref="Silos"/> and sends its statements to that silo's SQL service, so with
/// three silos T1, T2 and T3 are coordinated by three different engines and meet only at the sequencer.
/// </summary>
public class OrleansDbIsolationFixture : IAsyncLifetime, IIsolationDatabase
{
    public const string ResetSql =
        "drop table if exists test; create table test (id int primary key, value int); insert into test (id, value) values (1, 10), (2, 20)";

    private InProcessTestCluster? _cluster;

    protected virtual int Silos => 1;

    public string Name => $"OrleansDb ({Silos} silo{(Silos == 1 ? "" : "s")})";

    public bool ReportsReadConflictsAtStatement => false;

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not started");

    public async Task InitializeAsync() => _cluster = await OrleansDbTestCluster.StartAsync(Silos);

    public async Task DisposeAsync()
    {
        if (_cluster is null) return;
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    public async Task ResetAsync()
    {
        var response = await Cluster.SiloService<SqlService>(0).ExecuteAsync(new SqlRequest { Sql = ResetSql }, CancellationToken.None);
        Assert.True(response.Error is null, $"{Name}: resetting the table failed: {response.Error}");
    }

    public Task<IIsolationConnection> ConnectAsync(int index)
    {
        int silo = index % Silos;
        string session = Cluster.SiloService<SessionManager>(silo).Open();
        return Task.FromResult<IIsolationConnection>(new SessionConnection(Cluster.SiloService<SqlService>(silo), session, $"silo {silo}"));
    }

    private sealed class SessionConnection(SqlService service, string session, string where) : IIsolationConnection
    {
        public string Where => where;

        public async Task<StatementOutcome> ExecuteAsync(string sql)
        {
            var response = await service.ExecuteAsync(new SqlRequest { Sql = sql, Session = session }, CancellationToken.None);
            if (response.Error is { } error) return StatementOutcome.Failure(error.Code, error.Message);
            var last = response.Results[^1];
            return new StatementOutcome(last.Rows, last.RowsAffected, null, null);
        }

        /// <summary>Ends the session; an open transaction is rolled back and its locks released.</summary>
        public async ValueTask DisposeAsync() => await service.CloseSessionAsync(session);
    }
}

/// <summary>Three silos: T1, T2 and T3 each run on a silo of their own.</summary>
public sealed class ThreeSiloIsolationFixture : OrleansDbIsolationFixture
{
    protected override int Silos => 3;
}
