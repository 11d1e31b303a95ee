using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>UNION, INTERSECT and EXCEPT, with and without ALL, with ORDER BY and LIMIT over the whole result.</summary>
public sealed class SetOperationTests(SetOperationTests.Fixture db) : IClassFixture<SetOperationTests.Fixture>
{
    /// <summary>a.x = 10, 20, NULL; b.x = 20, 30, 40.</summary>
    public sealed class Fixture : EngineClusterFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await RunAsync("CREATE TABLE a (id integer PRIMARY KEY, x integer); CREATE TABLE b (id integer PRIMARY KEY, x integer)");
            await RunAsync("INSERT INTO a VALUES (1, 10), (2, 20), (3, NULL); INSERT INTO b VALUES (2, 20), (3, 30), (4, 40)");
        }
    }

    [Fact]
    public async Task Union_Removes_Duplicates_And_Treats_Nulls_As_Equal()
    {
        Assert.Equal([10L, 20L, 30L, 40L, null], Column(await db.QueryAsync("SELECT x FROM a UNION SELECT x FROM b ORDER BY x")));
        Assert.Equal([null, 10L], Column(await db.QueryAsync("SELECT x FROM a WHERE x IS NULL OR x = 10 UNION SELECT x FROM a WHERE x IS NULL ORDER BY x NULLS FIRST")));
    }

    [Fact]
    public async Task Union_All_Keeps_Duplicates()
    {
        Assert.Equal([10L, 20L, 20L], Column(await db.QueryAsync("SELECT x FROM a UNION ALL SELECT x FROM b ORDER BY x LIMIT 3")));
        Assert.Equal([Row(6L)], await db.QueryAsync("SELECT count(*) FROM (SELECT x FROM a UNION ALL SELECT x FROM b) u"));
    }

    [Fact]
    public async Task Intersect_And_Except()
    {
        Assert.Equal([20L], Column(await db.QueryAsync("SELECT x FROM a INTERSECT SELECT x FROM b")));
        Assert.Equal([10L, null], Column(await db.QueryAsync("SELECT x FROM a EXCEPT SELECT x FROM b ORDER BY x")));
        Assert.Equal([30L, 40L], Column(await db.QueryAsync("SELECT x FROM b EXCEPT SELECT x FROM a ORDER BY 1")));
    }

    [Fact]
    public async Task Intersect_All_And_Except_All_Count_Duplicates()
    {
        Assert.Equal([1L, 1L], Column(await db.QueryAsync("SELECT x FROM (VALUES (1), (1), (2)) v(x) INTERSECT ALL SELECT x FROM (VALUES (1), (1), (1)) w(x)")));
        Assert.Equal([1L, 2L], Column(await db.QueryAsync("SELECT x FROM (VALUES (1), (1), (2), (2)) v(x) EXCEPT ALL SELECT x FROM (VALUES (1), (2)) w(x) ORDER BY 1")));
    }

    [Fact]
    public async Task Order_By_And_Limit_Apply_To_The_Whole_Set_Operation()
    {
        Assert.Equal([40L, 30L], Column(await db.QueryAsync("SELECT x FROM a UNION SELECT x FROM b ORDER BY x DESC LIMIT 2 OFFSET 1")));
        Assert.Equal([2L], Column(await db.QueryAsync("SELECT 1 UNION SELECT 2 ORDER BY 1 DESC LIMIT 1")));
        Assert.Equal([Row("hr"), Row("x")], await db.QueryAsync("SELECT 'x' AS name UNION SELECT 'hr' ORDER BY name"));
        await db.FailAsync(SqlState.UndefinedColumn, "SELECT 1 AS x UNION SELECT 2 ORDER BY y");
    }

    [Fact]
    public async Task Order_By_An_Expression_Over_A_Set_Operation_Is_Error_0A000()
    {
        var e = await db.FailAsync(SqlState.FeatureNotSupported, "SELECT 1 AS x UNION SELECT 2 ORDER BY x + 1");
        Assert.Equal("invalid UNION/INTERSECT/EXCEPT ORDER BY clause", e.Message);
        e = await db.FailAsync(SqlState.FeatureNotSupported, "SELECT x FROM a UNION SELECT x FROM b ORDER BY abs(x)");
        Assert.Equal("invalid UNION/INTERSECT/EXCEPT ORDER BY clause", e.Message);
        e = await db.FailAsync(SqlState.UndefinedColumn, "SELECT 1 AS x UNION SELECT 2 ORDER BY y");
        Assert.Equal("column \"y\" does not exist", e.Message);
        e = await db.FailAsync(SqlState.UndefinedTable, "SELECT 1 AS x UNION SELECT 2 ORDER BY t.x");
        Assert.Equal("missing FROM-clause entry for table \"t\"", e.Message);
        e = await db.FailAsync(SqlState.SyntaxError, "SELECT 1 AS x UNION SELECT 2 ORDER BY 'x'");
        Assert.Equal("non-integer constant in ORDER BY", e.Message);
        Assert.Equal([2L, 1L], Column(await db.QueryAsync("SELECT 1 AS x UNION SELECT 2 ORDER BY (x) DESC")));
    }

    [Fact]
    public async Task Values_May_Be_Ordered_By_An_Expression_Over_Its_Columns()
    {
        Assert.Equal([3L, 1L, 2L], Column(await db.QueryAsync("VALUES (1), (2), (3) ORDER BY column1 % 3")));
        await db.FailAsync(SqlState.UndefinedColumn, "VALUES (1) ORDER BY nope");
    }

    [Fact]
    public async Task An_Untyped_Literal_Takes_The_Type_Of_The_Other_Side()
    {
        var result = (await db.RunAsync("SELECT 1 UNION SELECT NULL ORDER BY 1"))[0];
        Assert.Equal(["integer"], result.Columns.Select(c => c.Type));
        Assert.Equal([1L, null], Column(result.Rows));
        result = (await db.RunAsync("SELECT 1 UNION SELECT '2' ORDER BY 1"))[0];
        Assert.Equal(["integer"], result.Columns.Select(c => c.Type));
        Assert.Equal([1L, 2L], Column(result.Rows));
        Assert.Equal([1L, 2L], Column(await db.QueryAsync("SELECT '2' UNION SELECT 1 ORDER BY 1")));
        Assert.Equal([1.5m, 2m, 3m], Column(await db.QueryAsync("SELECT 1.5 UNION SELECT '2' UNION SELECT 3 ORDER BY 1")));
        Assert.Equal([Row(10L, "a"), Row(20L, null), Row(null, null)], await db.QueryAsync("SELECT x, 'a' FROM a WHERE x = 10 UNION ALL SELECT x, NULL FROM a WHERE id > 1 ORDER BY 1"));
        Assert.Equal([null], Column(await db.QueryAsync("SELECT 1 INTERSECT SELECT NULL UNION SELECT NULL")));
        var values = (await db.RunAsync("VALUES (1), (NULL)"))[0];
        Assert.Equal(["integer"], values.Columns.Select(c => c.Type));
        Assert.Equal(["text"], (await db.RunAsync("SELECT NULL UNION SELECT NULL"))[0].Columns.Select(c => c.Type));
    }

    [Fact]
    public async Task Untyped_Literals_That_Cannot_Take_The_Other_Sides_Type_Are_Errors()
    {
        var e = await db.FailAsync(SqlState.InvalidTextRepresentation, "SELECT 1 UNION SELECT 'a'");
        Assert.Equal("invalid input syntax for type integer: \"a\"", e.Message);
        Assert.Equal(23, e.Position);
        e = await db.FailAsync(SqlState.DatatypeMismatch, "SELECT NULL UNION SELECT NULL UNION SELECT 1");
        Assert.Equal("UNION types text and integer cannot be matched", e.Message);
        await db.FailAsync(SqlState.DatatypeMismatch, "SELECT 1 UNION VALUES (NULL)");
    }
}
