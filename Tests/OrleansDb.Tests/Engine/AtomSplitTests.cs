using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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

    /// <summary>How many atoms a full scan of the table reads, as EXPLAIN reports it.</summary>
    private async Task<int> AtomCountAsync(string table)
    {
        var lines = (await db.QueryAsync($"EXPLAIN SELECT * FROM {table}")).Select(r => (string)r[0]!).ToList();
        var match = AtomsLine().Match(lines[^1]);
        Assert.True(match.Success, string.Join("\n", lines));
        Assert.Equal(match.Groups[1].Value, match.Groups[2].Value);
        return int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    private async Task<int> WaitForAtomsAsync(string table, int atLeast)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = await AtomCountAsync(table)) < atLeast && clock.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(50);
        return count;
    }

    private async Task InsertAsync(string table, IEnumerable<int> ids)
    {
        foreach (var chunk in ids.Chunk(RowsPerRequest))
        {
            await db.RunAsync($"INSERT INTO {table} VALUES " + string.Join(", ", chunk.Select(i => $"({i}, 'row number {i}')")));
        }
    }

    private async Task<List<long>> IdsAsync(string sql) => (await db.QueryAsync(sql)).Select(r => (long)r[0]!).ToList();

    [Fact]
    public async Task Rows_Are_Read_Exactly_Once_After_Atoms_Split_Under_Inserts()
    {
        await db.RunAsync("CREATE TABLE split_rows (id integer PRIMARY KEY, v text)");
        await InsertAsync("split_rows", Enumerable.Range(1, 1500));
        Assert.True(await WaitForAtomsAsync("split_rows", 2) > 1, "the table never split");

        // Rows inserted after the split land in both halves, in an order that is not the key order.
        await InsertAsync("split_rows", Enumerable.Range(1501, 1500).Reverse());
        await InsertAsync("split_rows", Enumerable.Range(-499, 500));
        int atoms = await WaitForAtomsAsync("split_rows", 4);
        Assert.True(atoms >= 4, $"only {atoms} atoms");

        var expected = Enumerable.Range(-499, 3500).Select(i => (long)i).ToList();
        var all = await IdsAsync("SELECT id FROM split_rows");
        Assert.Equal(expected, all);
        Assert.Equal(expected.AsEnumerable().Reverse(), await IdsAsync("SELECT id FROM split_rows ORDER BY id DESC"));
        Assert.Equal(Enumerable.Range(1000, 1000).Select(i => (long)i), await IdsAsync("SELECT id FROM split_rows WHERE id >= 1000 AND id < 2000"));
        Assert.Equal([2999L, 3000L], await IdsAsync("SELECT id FROM split_rows WHERE id > 2998"));
        Assert.Equal(Enumerable.Range(-499, 7).Select(i => (long)i), await IdsAsync("SELECT id FROM split_rows LIMIT 7"));
        Assert.Equal([1234L], await IdsAsync("SELECT id FROM split_rows WHERE id = 1234"));
        Assert.Equal(["row number 2500"], (await db.QueryAsync("SELECT v FROM split_rows WHERE id = 2500")).Select(r => r[0]));
    }

    [Fact]
    public async Task Explain_Lists_Only_The_Atoms_A_Range_Covers()
    {
        await db.RunAsync("CREATE TABLE split_explain (id integer PRIMARY KEY, v text)");
        await InsertAsync("split_explain", Enumerable.Range(1, 2000));
        int atoms = await WaitForAtomsAsync("split_explain", 3);
        Assert.True(atoms >= 3, $"only {atoms} atoms");

        var point = (await db.QueryAsync("EXPLAIN SELECT v FROM split_explain WHERE id = 1000")).Select(r => (string)r[0]!).ToList();
        Assert.Matches(new Regex($@"^Atoms of split_explain: 1 of {atoms} \(\d+\)$"), point[^1]);
    }

    [Fact]
    public async Task Updates_And_Deletes_Reach_Every_Atom()
    {
        await db.RunAsync("CREATE TABLE split_writes (id integer PRIMARY KEY, v text)");
        await InsertAsync("split_writes", Enumerable.Range(1, 2000));
        Assert.True(await WaitForAtomsAsync("split_writes", 3) >= 3);

        Assert.Equal(2000, (await db.RunAsync("UPDATE split_writes SET v = 'updated'"))[0].RowsAffected);
        Assert.Equal(1000, (await db.RunAsync("DELETE FROM split_writes WHERE id > 1000"))[0].RowsAffected);
        await db.FailAsync(Sql.SqlState.UniqueViolation, "INSERT INTO split_writes VALUES (1000, 'dup')");
        await InsertAsync("split_writes", Enumerable.Range(1001, 500));

        var rows = await db.QueryAsync("SELECT id, v FROM split_writes");
        Assert.Equal(Enumerable.Range(1, 1500).Select(i => (long)i), rows.Select(r => (long)r[0]!));
        Assert.Equal(1000, rows.Count(r => (string)r[1]! == "updated"));
    }

    [Fact]
    public async Task A_Table_Without_Primary_Key_Splits_And_Keeps_Every_Row()
    {
        await db.RunAsync("CREATE TABLE split_heap (n integer, v text)");
        for (int round = 0; round < 10; round++)
        {
            await db.RunAsync("INSERT INTO split_heap VALUES " + string.Join(", ", Enumerable.Range(0, 100).Select(i => $"({i % 7}, 'heap row {round}')")));
        }
        Assert.True(await WaitForAtomsAsync("split_heap", 2) > 1);
        var rows = await db.QueryAsync("SELECT n FROM split_heap");
        Assert.Equal(1000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)(i % 100 % 7)).Order(), rows.Select(r => (long)r[0]!).Order());
    }
}
