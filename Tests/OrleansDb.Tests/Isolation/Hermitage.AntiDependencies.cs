namespace OrleansDb.Tests.Isolation;

/// <summary>G2-item and G2: anti-dependency cycles, which only SERIALIZABLE prevents.</summary>
public static partial class Hermitage
{
    /// <summary>
    /// G2-item, write skew: both read rows 1 and 2, then each writes a different one. Below SERIALIZABLE
    /// both commit; at SERIALIZABLE the second commit fails with 40001.
    /// </summary>
    public static async Task G2Item(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where id in (1,2)", "1 => 10, 2 => 20");
        await run.T2.ShowsAsync("select * from test where id in (1,2)", "1 => 10, 2 => 20");
        await run.T1.RunAsync("update test set value = 11 where id = 1");
        await run.T2.RunAsync("update test set value = 21 where id = 2");
        await run.T1.CommitAsync();
        if (level == IsolationLevel.Serializable)
        {
            await run.T2.FailsAsync("commit", SerializationFailure);
            await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 20");
            return;
        }
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test", "1 => 11, 2 => 21");
    }

    /// <summary>
    /// G2, anti-dependency cycle through predicates: both find no row with a value divisible by 3, then
    /// each inserts one. Below SERIALIZABLE both commit; at SERIALIZABLE the second commit fails with 40001.
    /// </summary>
    public static async Task G2(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level);
        await run.T1.BeginAsync();
        await run.T2.BeginAsync();
        await run.T1.ShowsAsync("select * from test where value % 3 = 0", "");
        await run.T2.ShowsAsync("select * from test where value % 3 = 0", "");
        await run.T1.RunAsync("insert into test (id, value) values(3, 30)");
        await run.T2.RunAsync("insert into test (id, value) values(4, 42)");
        await run.T1.CommitAsync();
        if (level == IsolationLevel.Serializable)
        {
            await run.T2.FailsAsync("commit", SerializationFailure);
            await run.T1.ShowsAsync("select * from test where value % 3 = 0", "3 => 30");
            return;
        }
        await run.T2.CommitAsync();
        await run.T1.ShowsAsync("select * from test where value % 3 = 0", "3 => 30, 4 => 42");
    }

    /// <summary>
    /// G2 with two anti-dependency edges (Fekete et al.): T1 reads both rows; T2 changes row 2 and commits;
    /// read-only T3 then sees T2's change but not T1's later write of row 1. Below SERIALIZABLE T1's write
    /// and commit succeed. At SERIALIZABLE T1 cannot commit: PostgreSQL fails its update with 40001;
    /// OrleansDb may run the update and fail the COMMIT instead, which leaves the same data.
    /// </summary>
    public static async Task G2TwoEdges(IIsolationDatabase database, IsolationLevel level)
    {
        await using var run = await HermitageRun.StartAsync(database, level, transactions: 3);
        await run.T1.BeginAsync();
        await run.T1.ShowsAsync("select * from test", "1 => 10, 2 => 20");
        await run.T2.BeginAsync();
        await run.T2.RunAsync("update test set value = value + 5 where id = 2");
        await run.T2.CommitAsync();
        await run.T3.BeginAsync();
        await run.T3.ShowsAsync("select * from test", "1 => 10, 2 => 25");
        await run.T3.CommitAsync();
        if (level == IsolationLevel.Serializable)
        {
            await run.T1.FailsHereOrAtCommitAsync("update test set value = 0 where id = 1");
            await run.T3.ShowsAsync("select * from test", "1 => 10, 2 => 25");
            return;
        }
        await run.T1.RunAsync("update test set value = 0 where id = 1");
        await run.T1.CommitAsync();
        await run.T3.ShowsAsync("select * from test", "1 => 0, 2 => 25");
    }
}
