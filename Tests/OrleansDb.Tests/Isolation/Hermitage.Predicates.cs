namespace OrleansDb.Tests.Isolation;

/// <summary>OTV and PMP: what a reader sees of a transaction that commits, and of rows a predicate matches.</summary>
public static partial class Hermitage
{
    /// <summary>
    /// OTV, observed transaction vanishes: once T3 has seen T1's writes it keeps seeing them. At READ
    /// COMMITTED T2 waits for T1 on row 1, then overwrites both rows, and T3 sees T1's rows until T2
    /// commits and T2's after; at the snapshot levels T2 fails with 40001 and T3 sees T1's rows throughout.
    /// </summary>
    public static async Task Otv(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level, transactions: 3);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T3.BeginAsync();
        await run.T1.RunAsync("update test set value = 11 where id = 1");
        await run.T1.RunAsync("update test set value = 19 where id = 2");
        var blocked = await run.T2.BlocksAsync("update test set value = 12 where id = 1");
        await run.T1.CommitAsync();
        if (Snapshot(level))
        {
            await blocked.FailsAsync(SerializationFailure);
            await run.T3.ShowsAsync("select * from test where id = 1", "1 => 11");
            await run.T2.AbortAsync();
            await run.T3.ShowsAsync("select * from test where id = 2", "2 => 19");
            await run.T3.CommitAsync();
            return;
        }
        await blocked.CompletesAsync(rowsAffected: 1);
        await run.T3.ShowsAsync("select * from test where id = 1", "1 => 11");
        await run.T2.RunAsync("update test set value = 18 where id = 2");
        await run.T3.ShowsAsync("select * from test where id = 2", "2 => 19");
        await run.T2.CommitAsync();
        await run.T3.ShowsAsync("select * from test where id = 2", "2 => 18");
        await run.T3.ShowsAsync("select * from test where id = 1", "1 => 12");
        await run.T3.CommitAsync();
    }

    /// <summary>
    /// PMP, predicate-many-preceders: a row T2 inserts and commits appears in T1's next predicate read at
    /// READ COMMITTED, and never at the snapshot levels. T1 only reads, so it commits at every level.
    /// </summary>
    public static async Task Pmp(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where value = 30", "");
        await run.T2.RunAsync("insert into test (id, value) values(3, 30)");
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test where value % 3 = 0", Snapshot(level) ? "" : "3 => 30");
        await run.T1.CommitAsync();
    }

    /// <summary>
    /// PMP for write predicates (PostgreSQL's documentation example): T2's delete of the rows with value 20
    /// waits for T1, which adds 10 to every row. At READ COMMITTED PostgreSQL re-checks only the rows the
    /// delete matched in its snapshot (row 2, now 30, no longer matches) and does not look again for rows
    /// that match now (row 1, now 20): nothing is deleted and row 1 survives with value 20. At the snapshot
    /// levels the delete fails with 40001.
    /// </summary>
    public static async Task PmpWrite(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.AffectsAsync("update test set value = value + 10", 2);
        var blocked = await run.T2.BlocksAsync("delete from test where value = 20");
        await run.T1.CommitAsync();
        if (Snapshot(level))
        {
            await blocked.FailsAsync(SerializationFailure);
            await run.T2.AbortAsync();
            await run.T1.ShowsAsync("select * from test", "1 => 20, 2 => 30");
            return;
        }
        await blocked.CompletesAsync(rowsAffected: 0);
        await run.T2.ShowsAsync("select * from test where value = 20", "1 => 20");
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test", "1 => 20, 2 => 30");
    }
}
