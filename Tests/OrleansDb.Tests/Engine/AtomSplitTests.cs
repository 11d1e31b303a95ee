using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OrleansDb.Engine;
using OrleansDb.Sql;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>
/// Tables that outgrow one record atom: atoms split in the background while rows keep arriving, and
/// every read still sees every row exactly once.
/// </summary>
public sealed partial class AtomSplitTests(SmallAtomClusterFixture db) : IClassFixture<SmallAtomClusterFixture>
{
    private const int RowsPerRequest = 100;

    [GeneratedRegex(@"^Atoms of \w+: (\d+) of (\d+) ")]
    private static partial Regex AtomsLine();

    /// <summary>
    /// Runs a request that must succeed, running it again when it fails with 57P03, which asks the
    /// client to try again and leaves nothing applied. A split racing a statement surfaces that way
    /// (see <see cref="Statements_Running_While_Atoms_Split_Never_Fail_With_57P03"/>).
    /// </summary>
    private async Task<IReadOnlyList<SqlResultSet>> RunAsync(string sql)
    {
        for (int attempt = 0; ; attempt++)
        {
            var response = await db.ExecuteAsync(sql);
            if (response.Error is { Code: SqlState.CannotConnectNow } && attempt < 5) continue;
            Assert.True(response.Error is null, $"{sql}\nfailed: {response.Error?.Code} {response.Error?.Message}");
            return response.Results;
        }
    }

    private async Task<IReadOnlyList<object?[]>> QueryAsync(string sql) => (await RunAsync(sql))[^1].Rows;

    private async Task<List<long>> IdsAsync(string sql) => (await QueryAsync(sql)).Select(r => (long)r[0]!).ToList();

    private async Task InsertAsync(string table, IEnumerable<int> ids)
    {
        foreach (var chunk in ids.Chunk(RowsPerRequest)) await RunAsync(InsertSql(table, chunk));
    }

    private static string InsertSql(string table, IEnumerable<int> ids) =>
        $"INSERT INTO {table} VALUES " + string.Join(", ", ids.Select(i => $"({i}, 'row number {i}')"));

    /// <summary>How many atoms a full scan of the table reads, as EXPLAIN reports it.</summary>
    private async Task<int> AtomCountAsync(string table)
    {
        var lines = (await QueryAsync($"EXPLAIN SELECT * FROM {table}")).Select(r => (string)r[0]!).ToList();
        var match = AtomsLine().Match(lines[^1]);
        Assert.True(match.Success, string.Join("\n", lines));
        Assert.Equal(match.Groups[1].Value, match.Groups[2].Value);
        return int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the table has at least <paramref name="atLeast"/> atoms and none has split for a while.</summary>
    private async Task<int> WaitForSettledAtomsAsync(string table, int atLeast)
    {
        var clock = Stopwatch.StartNew();
        var stable = Stopwatch.StartNew();
        int count = await AtomCountAsync(table);
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
            int now = await AtomCountAsync(table);
            if (now != count)
            {
                count = now;
                stable.Restart();
            }
            else if (count >= atLeast && stable.Elapsed > TimeSpan.FromMilliseconds(500))
            {
                break;
            }
        }
        return count;
    }

    [Fact]
    public async Task Rows_Are_Read_Exactly_Once_After_Atoms_Split_Under_Inserts()
    {
        await RunAsync("CREATE TABLE split_rows (id integer PRIMARY KEY, v text)");
        await InsertAsync("split_rows", Enumerable.Range(1, 1500));
        Assert.True(await WaitForSettledAtomsAsync("split_rows", 2) > 1, "the table never split");

        // Rows inserted after the splits land in every atom, in an order that is not the key order.
        await InsertAsync("split_rows", Enumerable.Range(1501, 1500).Reverse());
        await InsertAsync("split_rows", Enumerable.Range(-499, 500));
        int atoms = await WaitForSettledAtomsAsync("split_rows", 4);
        Assert.True(atoms >= 4, $"only {atoms} atoms");

        var expected = Enumerable.Range(-499, 3500).Select(i => (long)i).ToList();
        Assert.Equal(expected, await IdsAsync("SELECT id FROM split_rows"));
        Assert.Equal(expected.AsEnumerable().Reverse(), await IdsAsync("SELECT id FROM split_rows ORDER BY id DESC"));
        Assert.Equal(Enumerable.Range(1000, 1000).Select(i => (long)i), await IdsAsync("SELECT id FROM split_rows WHERE id >= 1000 AND id < 2000"));
        Assert.Equal([2999L, 3000L], await IdsAsync("SELECT id FROM split_rows WHERE id > 2998"));
        Assert.Equal(Enumerable.Range(-499, 7).Select(i => (long)i), await IdsAsync("SELECT id FROM split_rows LIMIT 7"));
        Assert.Equal([1234L], await IdsAsync("SELECT id FROM split_rows WHERE id = 1234"));
        Assert.Equal(["row number 2500"], (await QueryAsync("SELECT v FROM split_rows WHERE id = 2500")).Select(r => r[0]));
    }

    [Fact]
    public async Task Explain_Of_A_Point_Lookup_Lists_One_Of_Many_Atoms()
    {
        await RunAsync("CREATE TABLE split_explain (id integer PRIMARY KEY, v text)");
        await InsertAsync("split_explain", Enumerable.Range(1, 2000));
        int atoms = await WaitForSettledAtomsAsync("split_explain", 3);
        Assert.True(atoms >= 3, $"only {atoms} atoms");

        var lines = (await QueryAsync("EXPLAIN SELECT v FROM split_explain WHERE id = 1000")).Select(r => (string)r[0]!).ToList();
        Assert.Equal("Point Lookup on split_explain (id = 1000) filter: (id = 1000) output: v", lines[0]);
        var match = Regex.Match(lines[^1], @"^Atoms of split_explain: 1 of (\d+) \(\d+\)$");
        Assert.True(match.Success, lines[^1]);
        Assert.True(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) >= 3);
    }

    [Fact]
    public async Task Updates_And_Deletes_Reach_Every_Atom()
    {
        await RunAsync("CREATE TABLE split_writes (id integer PRIMARY KEY, v text)");
        await InsertAsync("split_writes", Enumerable.Range(1, 2000));
        Assert.True(await WaitForSettledAtomsAsync("split_writes", 3) >= 3);

        Assert.Equal(2000, (await RunAsync("UPDATE split_writes SET v = 'updated'"))[0].RowsAffected);
        Assert.Equal(1000, (await RunAsync("DELETE FROM split_writes WHERE id > 1000"))[0].RowsAffected);
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO split_writes VALUES (1000, 'dup')");
        await InsertAsync("split_writes", Enumerable.Range(1001, 500));

        var rows = await QueryAsync("SELECT id, v FROM split_writes");
        Assert.Equal(Enumerable.Range(1, 1500).Select(i => (long)i), rows.Select(r => (long)r[0]!));
        Assert.Equal(1000, rows.Count(r => (string)r[1]! == "updated"));
    }

    [Fact]
    public async Task A_Table_Without_Primary_Key_Splits_And_Keeps_Every_Row()
    {
        await RunAsync("CREATE TABLE split_heap (n integer, v text)");
        for (int round = 0; round < 10; round++)
        {
            await RunAsync("INSERT INTO split_heap VALUES " + string.Join(", ", Enumerable.Range(0, 100).Select(i => $"({i % 7}, 'heap row {round}')")));
        }
        Assert.True(await WaitForSettledAtomsAsync("split_heap", 2) > 1);
        var rows = await QueryAsync("SELECT n FROM split_heap");
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)(i % 100 % 7)).Order(), rows.Select(r => (long)r[0]!).Order());
    }

    [Fact]
    public async Task Statements_Running_While_Atoms_Split_Never_Fail_With_57P03()
    {
        await RunAsync("CREATE TABLE split_race (id integer PRIMARY KEY, v text)");
        var errors = new ConcurrentQueue<string>();
        async Task WriteAsync()
        {
            foreach (var chunk in Enumerable.Range(1, 6000).Chunk(RowsPerRequest))
            {
                if ((await db.ExecuteAsync(InsertSql("split_race", chunk))).Error is { } error) errors.Enqueue($"{error.Code} {error.Message}");
            }
        }
        var writing = WriteAsync();
        while (!writing.IsCompleted)
        {
            if ((await db.ExecuteAsync("SELECT id FROM split_race WHERE id > 0")).Error is { } error) errors.Enqueue($"{error.Code} {error.Message}");
        }
        await writing;
        Assert.Empty(errors);
    }
    [Fact]
    public async Task A_Snapshot_Older_Than_Hundreds_Of_Splits_Still_Finds_Its_Keys()
    {
        // The snapshot's atom map has one atom; by the time it looks keys up, that atom has split into hundreds
        // and the keys sit far to its right. They are found through the map as of the split, not by walking
        // right siblings one call at a time (which gave up after 64 with "keys kept moving").
        await RunAsync("CREATE TABLE split_old_snapshot (id INT PRIMARY KEY, v TEXT)");
        await InsertAsync("split_old_snapshot", [1]);
        var sql = db.Cluster.SiloService<SqlService>(0);
        string session = db.Cluster.SiloService<SessionManager>(0).Open();
        async Task<SqlResponse> InSessionAsync(string text) =>
            await sql.ExecuteAsync(new SqlRequest { Sql = text, Session = session }, CancellationToken.None);
        Assert.Null((await InSessionAsync("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM split_old_snapshot")).Error);

        await InsertAsync("split_old_snapshot", Enumerable.Range(2, 6_000));
        Assert.True(await WaitForSettledAtomsAsync("split_old_snapshot", 100) >= 100);

        var response = await InSessionAsync("SELECT id FROM split_old_snapshot WHERE id IN (1, 5999, 6000, 6001) ORDER BY id");
        Assert.True(response.Error is null, $"{response.Error?.Code} {response.Error?.Message}");
        Assert.Equal([1L], response.Results[^1].Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
        Assert.Null((await InSessionAsync("COMMIT")).Error);
        await sql.CloseSessionAsync(session);
    }
}
