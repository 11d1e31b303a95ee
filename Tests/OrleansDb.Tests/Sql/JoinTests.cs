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

    [Fact]
    public async Task Using_On_Right_And_Full_Joins_Takes_The_Value_From_Either_Side()
    {
        Assert.Equal([2L, 3L, 4L], Column(await db.QueryAsync("SELECT id FROM l RIGHT JOIN r USING (id) ORDER BY w")));
        Assert.Equal([1L, 2L, 3L, 4L], Column(await db.QueryAsync("SELECT id FROM l FULL JOIN r USING (id) ORDER BY 1")));
        Assert.Equal(
            [Row(1L, "l1", null), Row(2L, "l2", "r2"), Row(3L, "l3", "r3"), Row(4L, null, "r4")],
            await db.QueryAsync("SELECT id, v, w FROM l FULL JOIN r USING (id) ORDER BY id"));
    }

    [Fact]
    public async Task Using_On_A_Full_Join_Of_Empty_And_Non_Empty_Tables_Takes_The_Right_Value()
    {
        await db.RunAsync("CREATE TABLE ul (id int PRIMARY KEY); CREATE TABLE ur (id int PRIMARY KEY); INSERT INTO ur VALUES (3)");
        Assert.Equal([Row(3L)], await db.QueryAsync("SELECT id FROM ul FULL JOIN ur USING (id)"));
        Assert.Equal([Row(3L, null, 3L)], await db.QueryAsync("SELECT * , ul.id, ur.id FROM ul NATURAL FULL JOIN ur"));
        Assert.Equal([Row(3L)], await db.QueryAsync("SELECT id FROM ul RIGHT JOIN ur USING (id) WHERE id = 3"));
    }

    [Fact]
    public async Task Star_Lists_The_Merged_Using_Columns_First()
    {
        var result = (await db.RunAsync("SELECT * FROM l JOIN r USING (x) ORDER BY x"))[0];
        Assert.Equal(["x", "id", "v", "id", "w"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(20L, 2L, "l2", 2L, "r2")], result.Rows);
        var full = (await db.RunAsync("SELECT * FROM l FULL JOIN r USING (id, x) ORDER BY id"))[0];
        Assert.Equal(["id", "x", "v", "w"], full.Columns.Select(c => c.Name));
        Assert.Equal(
            [Row(1L, 10L, "l1", null), Row(2L, 20L, "l2", "r2"), Row(3L, null, "l3", null), Row(3L, 30L, null, "r3"), Row(4L, 40L, null, "r4")],
            full.Rows);
    }

    [Fact]
    public async Task Using_Columns_Merge_Through_Nested_Joins_And_Group_By()
    {
        Assert.Equal(
            [Row(1L, 1L), Row(2L, 1L), Row(3L, 1L), Row(4L, 1L)],
            await db.QueryAsync("SELECT id, count(*) FROM l FULL JOIN r USING (id) FULL JOIN (SELECT 3 AS id) s USING (id) GROUP BY id ORDER BY id"));
        Assert.Equal([4L], Column(await db.QueryAsync("SELECT id FROM l FULL JOIN r USING (id) WHERE id NOT IN (SELECT id FROM l)")));
        Assert.Equal([2L, 3L, 4L, null], Column(await db.QueryAsync("SELECT (SELECT q.id) FROM l FULL JOIN r q USING (id) ORDER BY 1")));
    }

    [Fact]
    public async Task Using_Column_Errors_Match_PostgreSQL()
    {
        var e = await db.FailAsync("42701", "SELECT * FROM l JOIN r USING (id, id)");
        Assert.Equal("column name \"id\" appears more than once in USING clause", e.Message);
        e = await db.FailAsync("42804", "SELECT * FROM l JOIN (SELECT 'a' AS id) s USING (id)");
        Assert.Equal("JOIN/USING types integer and text cannot be matched", e.Message);
    }
}
