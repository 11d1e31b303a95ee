using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>Derived tables, CTEs, scalar and correlated subqueries, IN / NOT IN (with NULLs) and EXISTS.</summary>
public sealed class SubqueryTests(SubqueryTests.Fixture db) : IClassFixture<SubqueryTests.Fixture>
{
    /// <summary>emp(id, dept, salary, boss): 1 eng 100 -, 2 eng 80 1, 3 ops 70 1, 4 ops 90 3, 5 eng 120 1.</summary>
    public sealed class Fixture : EngineClusterFixture, IAsyncLifetime
    {
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await RunAsync("CREATE TABLE emp (id integer PRIMARY KEY, dept text, salary integer, boss integer)");
            await RunAsync("INSERT INTO emp VALUES (1, 'eng', 100, NULL), (2, 'eng', 80, 1), (3, 'ops', 70, 1), (4, 'ops', 90, 3), (5, 'eng', 120, 1)");
        }
    }

    [Fact]
    public async Task Derived_Tables_Are_Queried_Like_Tables()
    {
        Assert.Equal([Row("eng", 300L)], await db.QueryAsync("SELECT d.dept, d.total FROM (SELECT dept, sum(salary) AS total FROM emp GROUP BY dept) AS d WHERE d.total > 200"));
        Assert.Equal(
            [Row("eng", 300L), Row("ops", 160L)],
            await db.QueryAsync("SELECT d.dept, d.total FROM (SELECT dept, sum(salary) AS total FROM emp GROUP BY dept) d JOIN (SELECT max(salary) AS m FROM emp) mx ON d.total > mx.m ORDER BY 1"));
        Assert.Equal([Row(0L)], await db.QueryAsync("SELECT count(*) FROM (SELECT * FROM emp WHERE id < 0) t"));
    }

    [Fact]
    public async Task Ctes_Can_Build_On_Each_Other()
    {
        Assert.Equal(
            [5L, 1L],
            Column(await db.QueryAsync("WITH eng AS (SELECT id, salary FROM emp WHERE dept = 'eng'), rich AS (SELECT id FROM eng WHERE salary >= 100) SELECT id FROM rich ORDER BY id DESC")));
        Assert.Equal([Row(2L, 3L)], await db.QueryAsync("WITH t AS (SELECT boss FROM emp) SELECT count(DISTINCT boss), count(*) - count(boss) + 2 FROM t"));
    }

    [Fact]
    public async Task Correlated_Subquery_In_Where_Sees_The_Outer_Row()
    {
        Assert.Equal([4L, 5L], Column(await db.QueryAsync("SELECT id FROM emp e WHERE salary > (SELECT avg(salary) FROM emp x WHERE x.dept = e.dept) ORDER BY id")));
        Assert.Equal([2L, 4L, 5L], Column(await db.QueryAsync("SELECT id FROM emp e WHERE NOT EXISTS (SELECT 1 FROM emp x WHERE x.boss = e.id) ORDER BY id")));
        Assert.Equal([1L, 3L], Column(await db.QueryAsync("SELECT id FROM emp e WHERE EXISTS (SELECT 1 FROM emp x WHERE x.boss = e.id) ORDER BY id")));
    }

    [Fact]
    public async Task Correlated_Subquery_In_Select_Gives_One_Value_Per_Row()
    {
        Assert.Equal(
            [Row(1L, 3L), Row(2L, 0L), Row(3L, 1L), Row(4L, 0L), Row(5L, 0L)],
            await db.QueryAsync("SELECT id, (SELECT count(*) FROM emp x WHERE x.boss = e.id) AS reports FROM emp e ORDER BY id"));
        Assert.Equal(
            [Row(1L, null), Row(2L, 100L), Row(3L, 100L), Row(4L, 70L), Row(5L, 100L)],
            await db.QueryAsync("SELECT id, (SELECT salary FROM emp b WHERE b.id = e.boss) FROM emp e ORDER BY id"));
    }

    [Fact]
    public async Task A_Scalar_Subquery_With_Several_Rows_Is_Error_21000()
    {
        Assert.Equal([5L], Column(await db.QueryAsync("SELECT id FROM emp WHERE (SELECT salary FROM emp WHERE boss IS NULL) < salary")));
        await db.FailAsync(SqlState.CardinalityViolation, "SELECT (SELECT id FROM emp)");
    }

    [Fact]
    public async Task In_And_Not_In_Follow_Three_Valued_Logic_With_Nulls()
    {
        Assert.Equal([Row(true, null, null, null, true)], await db.QueryAsync("SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1), 1 NOT IN (2, 3)"));
        Assert.Equal([1L, 3L], Column(await db.QueryAsync("SELECT id FROM emp WHERE id IN (SELECT boss FROM emp) ORDER BY id")));
        // boss has a NULL: x NOT IN (..., NULL) is never true.
        Assert.Empty(await db.QueryAsync("SELECT id FROM emp WHERE id NOT IN (SELECT boss FROM emp)"));
        Assert.Equal([2L, 4L, 5L], Column(await db.QueryAsync("SELECT id FROM emp WHERE id NOT IN (SELECT boss FROM emp WHERE boss IS NOT NULL) ORDER BY id")));
        // NOT IN an empty set is true, even for a NULL value.
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Column(await db.QueryAsync("SELECT id FROM emp WHERE boss NOT IN (SELECT id FROM emp WHERE id > 100) ORDER BY id")));
    }

    [Fact]
    public async Task A_Scalar_Subquery_May_Start_A_Parenthesized_Expression()
    {
        Assert.Equal([Row(2L, 1L, true)], await db.QueryAsync("SELECT ((SELECT 1) + 1), ((SELECT 1)), 1 IN ((SELECT 1))"));
        Assert.Equal([Row(1L)], await db.QueryAsync("SELECT 1 WHERE ((SELECT 1) = 1)"));
        Assert.Equal([Row(4L)], await db.QueryAsync("SELECT ((SELECT max(id) FROM emp WHERE dept = 'ops') * 1)"));
        Assert.Equal([1L, 2L], Column(await db.QueryAsync("(SELECT 1) UNION (SELECT 2) ORDER BY 1")));
        Assert.Equal([1L, 2L], Column(await db.QueryAsync("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) s ORDER BY 1")));
    }
}
