using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>CREATE [UNIQUE] INDEX [IF NOT EXISTS] / DROP INDEX, and what unique indexes enforce.</summary>
public sealed class IndexDdlTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task A_Unique_Index_Refuses_Duplicates_With_23505_But_Allows_Many_Nulls()
    {
        await db.RunAsync("CREATE TABLE idx_unique (id integer PRIMARY KEY, code text); CREATE UNIQUE INDEX idx_unique_code ON idx_unique (code)");
        await db.RunAsync("INSERT INTO idx_unique VALUES (1, 'x'), (2, NULL), (3, NULL)");
        var e = await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO idx_unique VALUES (4, 'x')");
        Assert.Contains("\"idx_unique_code\"", e.Message, StringComparison.Ordinal);
        await db.FailAsync(SqlState.UniqueViolation, "UPDATE idx_unique SET code = 'x' WHERE id = 2");
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO idx_unique VALUES (5, 'y'), (6, 'y')");
        await db.RunAsync("UPDATE idx_unique SET code = 'z' WHERE id = 1; INSERT INTO idx_unique VALUES (7, 'x')");
        Assert.Equal([Row(1L, "z"), Row(2L, null), Row(3L, null), Row(7L, "x")], await db.QueryAsync("SELECT * FROM idx_unique ORDER BY id"));
    }

    [Fact]
    public async Task A_Composite_Unique_Index_Compares_Whole_Tuples()
    {
        await db.RunAsync("CREATE TABLE idx_pair (id integer PRIMARY KEY, a integer, b integer); CREATE UNIQUE INDEX idx_pair_ab ON idx_pair (a, b)");
        await db.RunAsync("INSERT INTO idx_pair VALUES (1, 1, 1), (2, 1, 2), (3, 1, NULL), (4, 1, NULL)");
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO idx_pair VALUES (5, 1, 1)");
        Assert.Equal(4, (await db.QueryAsync("SELECT * FROM idx_pair")).Count);
    }

    [Fact]
    public async Task A_Unique_Index_Over_Duplicate_Values_Is_Not_Created()
    {
        await db.RunAsync("CREATE TABLE idx_over_dups (id integer PRIMARY KEY, a integer); INSERT INTO idx_over_dups VALUES (1, 1), (2, 1)");
        var e = await db.FailAsync(SqlState.UniqueViolation, "CREATE UNIQUE INDEX idx_over_dups_a ON idx_over_dups (a)");
        Assert.StartsWith("could not create unique index \"idx_over_dups_a\"", e.Message, StringComparison.Ordinal);
        await db.FailAsync(SqlState.UndefinedObjectType, "DROP INDEX idx_over_dups_a");
        await db.RunAsync("INSERT INTO idx_over_dups VALUES (3, 1)");
    }

    [Fact]
    public async Task An_Index_Created_Over_Existing_Rows_Finds_Them()
    {
        await db.RunAsync("CREATE TABLE idx_existing (id integer PRIMARY KEY, age integer, city text)");
        await db.RunAsync("INSERT INTO idx_existing VALUES (1, 30, 'oslo'), (2, 25, 'rome'), (3, 30, 'oslo'), (4, NULL, 'lima')");
        await db.RunAsync("CREATE INDEX idx_existing_age ON idx_existing (age); CREATE INDEX idx_existing_city_age ON idx_existing (city, age DESC)");
        await db.RunAsync("INSERT INTO idx_existing VALUES (5, 30, 'rome')");
        Assert.Equal([1L, 3L, 5L], Column(await db.QueryAsync("SELECT id FROM idx_existing WHERE age = 30 ORDER BY id")));
        Assert.Equal([2L, 5L], Column(await db.QueryAsync("SELECT id FROM idx_existing WHERE city = 'rome' ORDER BY id")));
        Assert.Equal([4L], Column(await db.QueryAsync("SELECT id FROM idx_existing WHERE age IS NULL")));
    }

    [Fact]
    public async Task Create_Index_If_Not_Exists_And_Drop_Index_If_Exists()
    {
        await db.RunAsync("CREATE TABLE idx_names (id integer PRIMARY KEY, code text, a integer)");
        await db.RunAsync("CREATE UNIQUE INDEX idx_names_code ON idx_names (code)");
        await db.FailAsync(SqlState.DuplicateTable, "CREATE INDEX idx_names_code ON idx_names (a)");
        await db.RunAsync("CREATE INDEX IF NOT EXISTS idx_names_code ON idx_names (a)");
        await db.RunAsync("INSERT INTO idx_names VALUES (1, 'x', 1)");
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO idx_names VALUES (2, 'x', 2)");
        await db.RunAsync("DROP INDEX idx_names_code");
        await db.RunAsync("INSERT INTO idx_names VALUES (2, 'x', 2)");
        await db.FailAsync(SqlState.UndefinedObjectType, "DROP INDEX idx_names_code");
        await db.RunAsync("DROP INDEX IF EXISTS idx_names_code");
        Assert.Equal(2, (await db.QueryAsync("SELECT * FROM idx_names WHERE code = 'x'")).Count);
    }

    [Fact]
    public async Task Order_By_An_Indexed_Column_Returns_PostgreSQL_Order_Including_Nulls()
    {
        await db.RunAsync("CREATE TABLE idx_order (id integer PRIMARY KEY, age integer, score integer)");
        await db.RunAsync("CREATE INDEX idx_order_age ON idx_order (age); CREATE INDEX idx_order_score ON idx_order (score DESC)");
        await db.RunAsync("INSERT INTO idx_order VALUES (1, 30, 7), (2, 25, 9), (3, 31, 5), (4, 41, NULL), (5, NULL, 8), (6, 18, 1)");
        Assert.Equal([6L, 2L, 1L], Column(await db.QueryAsync("SELECT id FROM idx_order ORDER BY age LIMIT 3")));
        Assert.Equal([6L, 2L, 1L, 3L, 4L, 5L], Column(await db.QueryAsync("SELECT id FROM idx_order ORDER BY age")));
        Assert.Equal([4L, 2L, 5L], Column(await db.QueryAsync("SELECT id FROM idx_order ORDER BY score DESC LIMIT 3")));
        Assert.Equal([1L, 3L, 4L], Column(await db.QueryAsync("SELECT id FROM idx_order WHERE age > 26 ORDER BY age")));
        Assert.Equal([1L, 3L, 6L], Column(await db.QueryAsync("SELECT id FROM idx_order WHERE score < 8 ORDER BY id")));
    }
}
