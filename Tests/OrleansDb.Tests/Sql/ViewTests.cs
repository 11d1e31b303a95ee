using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>CREATE VIEW / DROP VIEW: a view is a stored query, read as a table, never written.</summary>
public sealed class ViewTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task A_View_Shows_The_Current_Rows_Of_Its_Query()
    {
        await db.RunAsync("CREATE TABLE view_base (id integer PRIMARY KEY, v integer); INSERT INTO view_base VALUES (1, 10), (2, 20), (3, 30)");
        await db.RunAsync("CREATE VIEW view_big AS SELECT id, v * 2 AS dv FROM view_base WHERE v > 10");
        var result = (await db.RunAsync("SELECT * FROM view_big ORDER BY id"))[0];
        Assert.Equal(["id", "dv"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(2L, 40L), Row(3L, 60L)], result.Rows);
        await db.RunAsync("INSERT INTO view_base VALUES (4, 40)");
        Assert.Equal([Row(4L, 80L)], await db.QueryAsync("SELECT * FROM view_big WHERE dv > 70"));
        Assert.Equal([Row(2L, 40L, 20L)], await db.QueryAsync("SELECT b.id, b.dv, t.v FROM view_big b JOIN view_base t ON t.id = b.id WHERE b.id = 2"));
        await db.FailAsync(SqlState.DuplicateTable, "CREATE VIEW view_big AS SELECT 1");
    }

    [Theory]
    [InlineData("INSERT INTO view_counts VALUES ('x', 1)")]
    [InlineData("UPDATE view_counts SET n = 0")]
    [InlineData("DELETE FROM view_counts")]
    public async Task Writing_To_A_View_Fails_And_Leaves_The_Table_Unchanged(string sql)
    {
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS view_counted (id integer PRIMARY KEY, g text)");
        await db.ExecuteAsync("INSERT INTO view_counted VALUES (1, 'a'), (2, 'a'), (3, 'b')");
        await db.ExecuteAsync("CREATE VIEW view_counts AS SELECT g, count(*) AS n FROM view_counted GROUP BY g");
        // PostgreSQL reports 55000 (a view with GROUP BY is not automatically updatable); OrleansDb
        // updates no view and reports 42809.
        var response = await db.ExecuteAsync(sql);
        Assert.NotNull(response.Error);
        Assert.Equal([Row("a", 2L), Row("b", 1L)], await db.QueryAsync("SELECT * FROM view_counts ORDER BY g"));
    }

    [Fact]
    public async Task Ddl_That_Would_Break_A_View_Is_Refused_And_Changes_Nothing()
    {
        await db.RunAsync("CREATE TABLE view_guard (id integer PRIMARY KEY, c integer, spare integer); INSERT INTO view_guard VALUES (1, 10, 0)");
        await db.RunAsync("CREATE VIEW view_guard_v AS SELECT id, c FROM view_guard; CREATE VIEW view_guard_vv AS SELECT c FROM view_guard_v");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "DROP TABLE view_guard");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "ALTER TABLE view_guard DROP COLUMN c");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "ALTER TABLE view_guard RENAME COLUMN c TO cc");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "ALTER TABLE view_guard RENAME TO view_guard_renamed");
        Assert.Equal([Row(10L)], await db.QueryAsync("SELECT * FROM view_guard_vv"));

        // What no view reads changes freely. A view another view reads may be dropped (SQLite allows it and the
        // sqllogictest corpus relies on it): the reading view fails until it is created again.
        await db.RunAsync("ALTER TABLE view_guard DROP COLUMN spare");
        await db.RunAsync("DROP VIEW view_guard_v");
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM view_guard_vv");
        await db.RunAsync("DROP VIEW view_guard_vv");
        await db.RunAsync("DROP TABLE view_guard");
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM view_guard");
    }

    [Fact(Skip = "engine gap: a view keeps its SQL text, so renaming a table or column it reads is refused (2BP01) instead of followed; PostgreSQL's views follow renames")]
    public async Task A_View_Depends_On_Its_Table()
    {
        await db.RunAsync("CREATE TABLE view_dep (id integer PRIMARY KEY, c integer); INSERT INTO view_dep VALUES (1, 10)");
        await db.RunAsync("CREATE VIEW view_dep_v AS SELECT id, c FROM view_dep");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "DROP TABLE view_dep");
        await db.RunAsync("ALTER TABLE view_dep RENAME COLUMN c TO cc");
        await db.RunAsync("ALTER TABLE view_dep RENAME TO view_dep_renamed");
        var result = (await db.RunAsync("SELECT * FROM view_dep_v"))[0];
        Assert.Equal(["id", "c"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, 10L)], result.Rows);
    }

    [Fact]
    public async Task Drop_View_Removes_Only_Views()
    {
        await db.RunAsync("CREATE TABLE view_drop_base (id integer PRIMARY KEY); CREATE VIEW view_dropped AS SELECT id FROM view_drop_base");
        await db.FailAsync(SqlState.WrongObjectType, "DROP TABLE view_dropped");
        await db.FailAsync(SqlState.WrongObjectType, "DROP VIEW view_drop_base");
        await db.RunAsync("DROP VIEW view_dropped");
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM view_dropped");
        await db.FailAsync(SqlState.UndefinedTable, "DROP VIEW view_dropped");
        await db.RunAsync("DROP VIEW IF EXISTS view_dropped");
        Assert.Empty(await db.QueryAsync("SELECT * FROM view_drop_base"));
    }
}
