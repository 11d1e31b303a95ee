namespace OrleansDb.Tests.Isolation;

/// <summary>P4 and G-single: lost updates and read skew, which READ COMMITTED allows and the snapshot levels prevent.</summary>
public static partial class Hermitage
{
    /// <summary>
    /// P4, lost update: both read row 1 and write it. At READ COMMITTED T2 waits for T1, then overwrites
    /// T1's update and commits; at the snapshot levels T2 fails with 40001 once T1 commits.
    /// </summary>
    public static async Task P4(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where id = 1", "1 => 10");
        await run.T2.ShowsAsync("select * from test where id = 1", "1 => 10");
        await run.T1.RunAsync("update test set value = 11 where id = 1");
        var blocked = await run.T2.BlocksAsync("update test set value = 11 where id = 1");
        await run.T1.CommitAsync();
        if (Snapshot(level))
        {
            await blocked.FailsAsync(SerializationFailure);
            await run.T2.AbortAsync();
        }
        else
        {
            await blocked.CompletesAsync(rowsAffected: 1);
            await run.T2.CommitAsync();
        }
        await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 20");
    }

    /// <summary>
    /// G-single, read skew: T1 reads row 1, T2 changes both rows and commits, T1 reads row 2. At READ
    /// COMMITTED T1 sees T2's row 2 next to the old row 1; at the snapshot levels it sees the old row 2.
    /// T1 only reads, so it commits at every level.
    /// </summary>
    public static async Task GSingle(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where id = 1", "1 => 10");
        await run.T2.ShowsAsync("select * from test where id = 1", "1 => 10");
        await run.T2.ShowsAsync("select * from test where id = 2", "2 => 20");
        await run.T2.RunAsync("update test set value = 12 where id = 1");
        await run.T2.RunAsync("update test set value = 18 where id = 2");
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test where id = 2", Snapshot(level) ? "2 => 20" : "2 => 18");
        await run.T1.CommitAsync();
    }

    /// <summary>
    /// G-single with predicate dependencies: T2 changes the row T1's first predicate read matched, so
    /// that it matches T1's second predicate. At READ COMMITTED the second read finds it; at the snapshot
    /// levels it finds nothing.
    /// </summary>
    public static async Task GSinglePredicate(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where value % 5 = 0", "1 => 10, 2 => 20");
        await run.T2.AffectsAsync("update test set value = 12 where value = 10", 1);
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test where value % 3 = 0", Snapshot(level) ? "" : "1 => 12");
        await run.T1.CommitAsync();
    }

    /// <summary>
    /// G-single with a write predicate: after T2 commits new values for both rows, T1 deletes the rows
    /// with value 20. At READ COMMITTED the delete sees T2's rows, matches none and T1 commits; at the
    /// snapshot levels it matches row 2 in T1's snapshot, which T2 changed: 40001.
    /// </summary>
    public static async Task GSingleWritePredicate(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where id = 1", "1 => 10");
        await run.T2.ShowsAsync("select * from test", "1 => 10, 2 => 20");
        await run.T2.RunAsync("update test set value = 12 where id = 1");
        await run.T2.RunAsync("update test set value = 18 where id = 2");
        await run.T2.CommitAsync();
        if (Snapshot(level))
        {
            await run.T1.FailsAsync("delete from test where value = 20", SerializationFailure);
            await run.T1.AbortAsync();
        }
        else
        {
            await run.T1.AffectsAsync("delete from test where value = 20", 0);
            await run.T1.CommitAsync();
        }
        await run.T1.ShowsAsync("select * from test", "1 => 12, 2 => 18");
    }
}
