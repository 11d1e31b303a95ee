namespace OrleansDb.Tests.Isolation;

/// <summary>G0, G1a, G1b and G1c: what every level, READ COMMITTED included, prevents.</summary>
public static partial class Hermitage
{
    /// <summary>
    /// G0, write cycles: T2's write of a row T1 wrote waits for T1. At READ COMMITTED it then runs on the
    /// committed row and both commit, in one order for both rows; at the snapshot levels it fails with 40001.
    /// </summary>
    public static async Task G0(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.RunAsync("update test set value = 11 where id = 1");
        var blocked = await run.T2.BlocksAsync("update test set value = 12 where id = 1");
        await run.T1.RunAsync("update test set value = 21 where id = 2");
        await run.T1.CommitAsync();
        if (Snapshot(level))
        {
            await blocked.FailsAsync(SerializationFailure);
            await run.T2.AbortAsync();
            await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 21");
            return;
        }
        await blocked.CompletesAsync(rowsAffected: 1);
        await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 21");
        await run.T2.RunAsync("update test set value = 22 where id = 2");
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test", "1 => 12, 2 => 22");
        await run.T2.ShowsAsync("select * from test", "1 => 12, 2 => 22");
    }

    /// <summary>G1a, aborted reads: T2 never sees what T1 wrote and then rolled back.</summary>
    public static async Task G1a(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.RunAsync("update test set value = 101 where id = 1");
        await run.T2.ShowsAsync("select * from test", "1 => 10, 2 => 20");
        await run.T1.AbortAsync();
        await run.T2.ShowsAsync("select * from test", "1 => 10, 2 => 20");
        await run.T2.CommitAsync();
    }

    /// <summary>
    /// G1b, intermediate reads: T2 never sees T1's first write of a row, only (at READ COMMITTED, once
    /// T1 commits) its final one.
    /// </summary>
    public static async Task G1b(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.RunAsync("update test set value = 101 where id = 1");
        await run.T2.ShowsAsync("select * from test", "1 => 10, 2 => 20");
        await run.T1.RunAsync("update test set value = 11 where id = 1");
        await run.T1.CommitAsync();
        await run.T2.ShowsAsync("select * from test", Snapshot(level) ? "1 => 10, 2 => 20" : "1 => 11, 2 => 20");
        await run.T2.CommitAsync();
    }

    /// <summary>
    /// G1c, circular information flow: each transaction writes one row and reads the other's, and neither
    /// sees the other's uncommitted write. Both commit, except at SERIALIZABLE, where each read the row
    /// the other wrote (a cycle of two anti-dependencies): the second to commit fails with 40001.
    /// </summary>
    public static async Task G1c(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.RunAsync("update test set value = 11 where id = 1");
        await run.T2.RunAsync("update test set value = 22 where id = 2");
        await run.T1.ShowsAsync("select * from test where id = 2", "2 => 20");
        await run.T2.ShowsAsync("select * from test where id = 1", "1 => 10");
        await run.T1.CommitAsync();
        if (level == IsolationLevel.Serializable)
        {
            await run.T2.FailsAsync("commit", SerializationFailure);
            await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 20");
            return;
        }
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 22");
    }
}
