using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>GROUP BY (by position and by expression), HAVING, aggregates with DISTINCT and on empty input.</summary>
public sealed class AggregateTests(AggregateTests.Fixture db) : IClassFixture<AggregateTests.Fixture>
{
    /// <summary>s(id, g, v) = (1, a, 1), (2, a, 2), (3, b, 2), (4, b, 2), (5, c, NULL).</summary>
    public sealed class Fixture : EngineClusterFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await RunAsync("CREATE TABLE s (id integer PRIMARY KEY, g text, v integer)");
            await RunAsync("INSERT INTO s VALUES (1, 'a', 1), (2, 'a', 2), (3, 'b', 2), (4, 'b', 2), (5, 'c', NULL)");
        }
    }

    [Fact]
    public async Task Group_By_Position_Refers_To_The_Select_List()
    {
        Assert.Equal([Row("a", 3L), Row("b", 4L), Row("c", null)], await db.QueryAsync("SELECT g, sum(v) FROM s GROUP BY 1 ORDER BY 1"));
        Assert.Equal([Row(false, 1L), Row(true, 3L)], await db.QueryAsync("SELECT v > 1 AS high, count(*) FROM s WHERE v IS NOT NULL GROUP BY 1 ORDER BY 1"));
    }

    [Fact]
    public async Task Group_By_Expression_Groups_Its_Values_Nulls_Together()
    {
        Assert.Equal([Row(0L, 3L), Row(1L, 1L), Row(null, 1L)], await db.QueryAsync("SELECT v % 2 AS parity, count(*) FROM s GROUP BY v % 2 ORDER BY 1"));
        Assert.Equal([Row("A", 3L), Row("B", 4L), Row("C", null)], await db.QueryAsync("SELECT upper(g), sum(v) FROM s GROUP BY upper(g) ORDER BY 1"));
    }

    [Fact]
    public async Task Having_Filters_Groups()
    {
        Assert.Equal([Row("a", 2L), Row("b", 2L)], await db.QueryAsync("SELECT g, count(*) FROM s GROUP BY g HAVING count(*) > 1 ORDER BY g"));
        Assert.Equal(["b"], Column(await db.QueryAsync("SELECT g FROM s GROUP BY g HAVING sum(v) >= 4 ORDER BY g")));
        Assert.Equal([Row("a", 1L)], await db.QueryAsync("SELECT g, max(v) - min(v) AS spread FROM s GROUP BY g HAVING max(v) - min(v) > 0"));
        Assert.Equal([Row(5L)], await db.QueryAsync("SELECT count(*) FROM s HAVING count(*) > 1"));
        Assert.Empty(await db.QueryAsync("SELECT count(*) FROM s HAVING count(*) > 10"));
    }

    [Fact]
    public async Task A_Column_Outside_Group_By_And_Aggregates_Is_Error_42803()
    {
        await db.FailAsync(SqlState.GroupingError, "SELECT g, v FROM s GROUP BY g");
    }

    [Fact]
    public async Task Distinct_Aggregates_Count_Each_Value_Once()
    {
        Assert.Equal([Row(2L, 3L, 4L, 5L, 1.5m)], await db.QueryAsync("SELECT count(DISTINCT v), sum(DISTINCT v), count(v), count(*), avg(DISTINCT v) FROM s"));
        Assert.Equal([Row("a", 2L), Row("b", 1L), Row("c", 0L)], await db.QueryAsync("SELECT g, count(DISTINCT v) FROM s GROUP BY g ORDER BY g"));
    }

    [Fact]
    public async Task Aggregates_Of_No_Rows_Are_Zero_For_Count_And_Null_Otherwise()
    {
        Assert.Equal([Row(0L, 0L, null, null, null, null)], await db.QueryAsync("SELECT count(*), count(v), sum(v), max(v), min(g), avg(v) FROM s WHERE id > 100"));
        Assert.Equal([Row(0L)], await db.QueryAsync("SELECT count(*) FROM s WHERE false"));
        Assert.Empty(await db.QueryAsync("SELECT g, count(*) FROM s WHERE id > 100 GROUP BY g"));
    }

    [Fact]
    public async Task Select_Distinct_And_Aggregates_Over_Expressions()
    {
        Assert.Equal(["a", "b", "c"], Column(await db.QueryAsync("SELECT DISTINCT g FROM s ORDER BY g")));
        Assert.Equal([Row(7L, 1.75m)], await db.QueryAsync("SELECT sum(v), avg(v) FROM s"));
        Assert.Equal([Row(14L, "a", "c")], await db.QueryAsync("SELECT sum(v * 2), min(g), max(g) FROM s"));
    }
}
