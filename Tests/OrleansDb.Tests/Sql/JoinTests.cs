using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>Join kinds and join syntax: INNER, LEFT, RIGHT, FULL, CROSS, USING, NATURAL.</summary>
public sealed class JoinTests(JoinTests.Fixture db) : IClassFixture<JoinTests.Fixture>
{
    /// <summary>l(id, v) = (1, l1), (2, l2), (3, l3 with x NULL); r(id, w) = (2, r2), (3, r3), (4, r4).</summary>
    public sealed class Fixture : EngineClusterFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await RunAsync("CREATE TABLE l (id integer PRIMARY KEY, x integer, v text); CREATE TABLE r (id integer PRIMARY KEY, x integer, w text)");
            await RunAsync("INSERT INTO l VALUES (1, 10, 'l1'), (2, 20, 'l2'), (3, NULL, 'l3'); INSERT INTO r VALUES (2, 20, 'r2'), (3, 30, 'r3'), (4, 40, 'r4')");
        }
    }

    [Fact]
    public async Task Inner_Join_Keeps_Matching_Pairs()
    {
        Assert.Equal([Row(2L, "l2", "r2"), Row(3L, "l3", "r3")], await db.QueryAsync("SELECT l.id, v, w FROM l JOIN r ON l.id = r.id ORDER BY l.id"));
        Assert.Equal([Row(2L, 2L)], await db.QueryAsync("SELECT l.id, r.id FROM l INNER JOIN r ON l.x = r.x"));
    }

    [Fact]
    public async Task Left_Join_Pads_Unmatched_Left_Rows_With_Nulls()
    {
        Assert.Equal([Row(1L, null), Row(2L, "r2"), Row(3L, "r3")], await db.QueryAsync("SELECT l.id, w FROM l LEFT JOIN r ON l.id = r.id ORDER BY l.id"));
        Assert.Equal([Row(1L, null), Row(2L, null), Row(3L, "r3")], await db.QueryAsync("SELECT l.id, w FROM l LEFT JOIN r ON l.id = r.id AND r.x > 20 ORDER BY l.id"));
        Assert.Equal([1L], Column(await db.QueryAsync("SELECT l.id FROM l LEFT JOIN r ON l.id = r.id WHERE r.id IS NULL")));
    }

    [Fact]
    public async Task Right_Join_Pads_Unmatched_Right_Rows_With_Nulls()
    {
        Assert.Equal([Row(2L, 2L), Row(3L, 3L), Row(null, 4L)], await db.QueryAsync("SELECT l.id, r.id FROM l RIGHT JOIN r ON l.id = r.id ORDER BY r.id"));
    }

    [Fact]
    public async Task Full_Join_Pads_Both_Sides()
    {
        Assert.Equal(
            [Row(1L, null), Row(2L, 2L), Row(3L, 3L), Row(null, 4L)],
            await db.QueryAsync("SELECT l.id, r.id FROM l FULL JOIN r ON l.id = r.id ORDER BY coalesce(l.id, r.id)"));
        Assert.Equal(6, (await db.QueryAsync("SELECT * FROM l FULL OUTER JOIN r ON l.id = r.id + 100")).Count);
    }

    [Fact]
    public async Task Cross_Join_And_Comma_Join_Pair_Every_Row()
    {
        Assert.Equal([Row(9L)], await db.QueryAsync("SELECT count(*) FROM l CROSS JOIN r"));
        Assert.Equal([Row(9L)], await db.QueryAsync("SELECT count(*) FROM l, r"));
        Assert.Equal([Row(2L)], await db.QueryAsync("SELECT count(*) FROM l, r WHERE l.x < r.x AND r.id = 4"));
    }

    [Fact]
    public async Task Using_Merges_The_Join_Columns()
    {
        var result = (await db.RunAsync("SELECT * FROM l JOIN r USING (id) ORDER BY id"))[0];
        Assert.Equal(["id", "x", "v", "x", "w"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(2L, 20L, "l2", 20L, "r2"), Row(3L, null, "l3", 30L, "r3")], result.Rows);
    }

    [Fact]
    public async Task Natural_Join_Uses_All_Common_Columns()
    {
        var result = (await db.RunAsync("SELECT * FROM l NATURAL JOIN r"))[0];
        Assert.Equal(["id", "x", "v", "w"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(2L, 20L, "l2", "r2")], result.Rows);
    }

    [Fact(Skip = "engine bug: the merged USING column of a RIGHT or FULL join is the left column (NULL for right-only rows); PostgreSQL uses the right value / COALESCE(left, right)")]
    public async Task Using_On_Right_And_Full_Joins_Takes_The_Value_From_Either_Side()
    {
        Assert.Equal([2L, 3L, 4L], Column(await db.QueryAsync("SELECT id FROM l RIGHT JOIN r USING (id) ORDER BY w")));
        Assert.Equal([1L, 2L, 3L, 4L], Column(await db.QueryAsync("SELECT id FROM l FULL JOIN r USING (id) ORDER BY 1")));
        Assert.Equal(
            [Row(1L, "l1", null), Row(2L, "l2", "r2"), Row(3L, "l3", "r3"), Row(4L, null, "r4")],
            await db.QueryAsync("SELECT id, v, w FROM l FULL JOIN r USING (id) ORDER BY id"));
    }
}
