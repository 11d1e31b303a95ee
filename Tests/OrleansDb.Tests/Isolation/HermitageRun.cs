namespace OrleansDb.Tests.Isolation;

/// <summary>
/// One run of a Hermitage scenario: the table reset, and transactions T1, T2 (and T3) on connections of
/// their own. Disposing it closes every connection at once, so a transaction left open by a failed
/// assertion is rolled back and a statement blocked behind it is released.
/// </summary>
public sealed class HermitageRun : IAsyncDisposable
{
    private readonly List<IIsolationConnection> _connections;
    private readonly List<ScenarioTransaction> _transactions;

    private HermitageRun(List<IIsolationConnection> connections, List<ScenarioTransaction> transactions)
    {
        _connections = connections;
        _transactions = transactions;
    }

    public ScenarioTransaction T1 => _transactions[0];

    public ScenarioTransaction T2 => _transactions[1];

    public ScenarioTransaction T3 => _transactions[2];

    public static async Task<HermitageRun> StartAsync(IIsolationDatabase database, IsolationLevel level, int transactions = 2)
    {
        await database.ResetAsync();
        var connections = new List<IIsolationConnection>();
        for (int i = 0; i < transactions; i++) connections.Add(await database.ConnectAsync(i));
        var named = connections.Select((c, i) => new ScenarioTransaction($"T{i + 1}", c, database, level)).ToList();
        return new HermitageRun(connections, named);
    }

    public async ValueTask DisposeAsync()
    {
        var closing = _connections.Select(c => c.DisposeAsync().AsTask());
        await Task.WhenAll(closing).WaitAsync(ScenarioTransaction.CompletionBound);
    }
}
