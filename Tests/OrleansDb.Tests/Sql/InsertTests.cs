using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>INSERT ... RETURNING, INSERT ... SELECT and INSERT ... ON CONFLICT as PostgreSQL defines them.</summary>
public sealed class InsertTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task Returning_Gives_The_Inserted_Rows_With_Defaults_Filled_In()
    {
        await db.RunAsync("CREATE TABLE ins_returning (id integer PRIMARY KEY, name text, qty integer DEFAULT 1)");
        var result = (await db.RunAsync("INSERT INTO ins_returning VALUES (1, 'a', 5), (2, 'b', 6) RETURNING id, qty * 2 AS double_qty"))[0];
        Assert.Equal(["id", "double_qty"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, 10L), Row(2L, 12L)], result.Rows);
        Assert.Equal(2, result.RowsAffected);
        Assert.Equal([Row(3L, "c", 1L)], await db.QueryAsync("INSERT INTO ins_returning (id, name) VALUES (3, 'c') RETURNING *"));
    }

    [Fact]
    public async Task Insert_Select_Inserts_The_Query_Rows()
    {
        await db.RunAsync("CREATE TABLE ins_source (id integer PRIMARY KEY, v text); CREATE TABLE ins_target (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO ins_source VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Assert.Equal([12L, 13L], Column(await db.QueryAsync("INSERT INTO ins_target SELECT id + 10, upper(v) FROM ins_source WHERE id >= 2 RETURNING id")).Order());
        Assert.Equal([Row(12L, "B"), Row(13L, "C")], await db.QueryAsync("SELECT * FROM ins_target ORDER BY id"));
        Assert.Equal(1, (await db.RunAsync("INSERT INTO ins_target (v, id) SELECT v, id FROM ins_source WHERE id = 1"))[0].RowsAffected);
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO ins_target SELECT id + 10, v FROM ins_source");
        Assert.Equal(3, (await db.QueryAsync("SELECT * FROM ins_target")).Count);
    }

    [Fact]
    public async Task On_Conflict_Do_Nothing_Skips_Conflicting_Rows_With_Or_Without_A_Target()
    {
        await db.RunAsync("CREATE TABLE ins_nothing (id integer PRIMARY KEY, name text)");
        await db.RunAsync("INSERT INTO ins_nothing VALUES (1, 'a')");
        Assert.Equal(0, (await db.RunAsync("INSERT INTO ins_nothing VALUES (1, 'x') ON CONFLICT DO NOTHING"))[0].RowsAffected);
        Assert.Equal([4L], Column(await db.QueryAsync("INSERT INTO ins_nothing VALUES (1, 'x'), (4, 'd') ON CONFLICT (id) DO NOTHING RETURNING id")));
        Assert.Equal(1, (await db.RunAsync("INSERT INTO ins_nothing VALUES (6, 'f'), (6, 'g') ON CONFLICT (id) DO NOTHING"))[0].RowsAffected);
        Assert.Equal([Row(1L, "a"), Row(4L, "d"), Row(6L, "f")], await db.QueryAsync("SELECT * FROM ins_nothing ORDER BY id"));
    }

    [Fact]
    public async Task On_Conflict_Do_Nothing_Covers_Unique_Indexes()
    {
        await db.RunAsync("CREATE TABLE ins_unique (id integer PRIMARY KEY, email text, visits integer); CREATE UNIQUE INDEX ins_unique_email ON ins_unique (email)");
        await db.RunAsync("INSERT INTO ins_unique VALUES (1, 'a@x', 1)");
        Assert.Equal(0, (await db.RunAsync("INSERT INTO ins_unique VALUES (2, 'a@x', 1) ON CONFLICT DO NOTHING"))[0].RowsAffected);
        Assert.Equal(0, (await db.RunAsync("INSERT INTO ins_unique VALUES (2, 'a@x', 1) ON CONFLICT (email) DO NOTHING"))[0].RowsAffected);
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO ins_unique VALUES (2, 'a@x', 1) ON CONFLICT (id) DO NOTHING");
        Assert.Equal([Row(1L, "a@x", 1L)], await db.QueryAsync("SELECT * FROM ins_unique"));
    }

    [Fact]
    public async Task On_Conflict_Do_Update_Sets_Values_From_Excluded()
    {
        await db.RunAsync("CREATE TABLE ins_upsert (id integer PRIMARY KEY, name text, qty integer)");
        await db.RunAsync("INSERT INTO ins_upsert VALUES (1, 'a', 5), (2, 'b', 6), (3, 'c', 1)");
        Assert.Equal(
            [Row(1L, "x", 15L), Row(5L, "e", 7L)],
            await db.QueryAsync("INSERT INTO ins_upsert VALUES (1, 'x', 10), (5, 'e', 7) ON CONFLICT (id) DO UPDATE SET qty = ins_upsert.qty + excluded.qty, name = excluded.name RETURNING id, name, qty"));
        Assert.Equal([Row(1L, "x", 15L), Row(2L, "b", 6L), Row(3L, "c", 1L), Row(5L, "e", 7L)], await db.QueryAsync("SELECT * FROM ins_upsert ORDER BY id"));
    }

    [Fact]
    public async Task On_Conflict_Do_Update_Where_Updates_Only_Matching_Rows()
    {
        await db.RunAsync("CREATE TABLE ins_upsert_where (id integer PRIMARY KEY, qty integer)");
        await db.RunAsync("INSERT INTO ins_upsert_where VALUES (2, 6), (3, 1)");
        Assert.Equal(
            [Row(2L, 100L)],
            await db.QueryAsync("INSERT INTO ins_upsert_where VALUES (2, 100), (3, 100) ON CONFLICT (id) DO UPDATE SET qty = excluded.qty WHERE ins_upsert_where.qty > 5 RETURNING id, qty"));
        Assert.Equal([Row(2L, 100L), Row(3L, 1L)], await db.QueryAsync("SELECT * FROM ins_upsert_where ORDER BY id"));
    }

    [Fact]
    public async Task On_Conflict_Do_Update_On_A_Unique_Index()
    {
        await db.RunAsync("CREATE TABLE ins_upsert_index (id integer PRIMARY KEY, email text, visits integer); CREATE UNIQUE INDEX ins_upsert_index_email ON ins_upsert_index (email)");
        await db.RunAsync("INSERT INTO ins_upsert_index VALUES (1, 'a@x', 1), (2, 'b@x', 1)");
        Assert.Equal(
            [Row(1L, 2L)],
            await db.QueryAsync("INSERT INTO ins_upsert_index VALUES (3, 'a@x', 1) ON CONFLICT (email) DO UPDATE SET visits = ins_upsert_index.visits + 1 RETURNING id, visits"));
        Assert.Equal([Row(1L, "a@x", 2L), Row(2L, "b@x", 1L)], await db.QueryAsync("SELECT * FROM ins_upsert_index ORDER BY id"));
    }

    [Fact]
    public async Task On_Conflict_Do_Update_Affecting_A_Row_Twice_Is_Error_21000()
    {
        await db.RunAsync("CREATE TABLE ins_twice (id integer PRIMARY KEY, qty integer)");
        var e = await db.FailAsync(SqlState.CardinalityViolation, "INSERT INTO ins_twice VALUES (6, 1), (6, 2) ON CONFLICT (id) DO UPDATE SET qty = excluded.qty");
        Assert.Contains("cannot affect row a second time", e.Message, StringComparison.Ordinal);
        Assert.Empty(await db.QueryAsync("SELECT * FROM ins_twice"));
    }

    [Theory]
    [InlineData("INSERT INTO ins_no_target VALUES (7, 'h', 1) ON CONFLICT (name) DO NOTHING")]
    [InlineData("INSERT INTO ins_no_target VALUES (7, 'h', 1) ON CONFLICT (qty) DO UPDATE SET qty = 0")]
    [InlineData("INSERT INTO ins_no_target VALUES (7, 'h', 1) ON CONFLICT (id, name) DO NOTHING")]
    public async Task A_Conflict_Target_Without_A_Unique_Constraint_Is_Error_42P10(string sql)
    {
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS ins_no_target (id integer PRIMARY KEY, name text, qty integer)");
        await db.FailAsync(SqlState.InvalidColumnReference, sql);
    }
}
