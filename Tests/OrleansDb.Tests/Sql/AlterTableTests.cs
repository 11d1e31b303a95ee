using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>ALTER TABLE: ADD / DROP / RENAME COLUMN and RENAME TO.</summary>
public sealed class AlterTableTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task Add_Column_Gives_Existing_Rows_The_Default_Or_Null()
    {
        await db.RunAsync("CREATE TABLE alt_add (id integer PRIMARY KEY, name text)");
        await db.RunAsync("INSERT INTO alt_add VALUES (1, 'a'), (2, 'b')");
        await db.RunAsync("ALTER TABLE alt_add ADD COLUMN status text DEFAULT 'new'");
        await db.RunAsync("ALTER TABLE alt_add ADD COLUMN note text");
        await db.RunAsync("ALTER TABLE alt_add ADD COLUMN rank integer NOT NULL DEFAULT 0");
        await db.RunAsync("INSERT INTO alt_add (id, name) VALUES (3, 'c')");
        var result = (await db.RunAsync("SELECT * FROM alt_add ORDER BY id"))[0];
        Assert.Equal(["id", "name", "status", "note", "rank"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, "a", "new", null, 0L), Row(2L, "b", "new", null, 0L), Row(3L, "c", "new", null, 0L)], result.Rows);
    }

    [Fact]
    public async Task Add_Column_Is_Visible_To_Later_Statements_Of_The_Same_Request()
    {
        await db.RunAsync("CREATE TABLE alt_same_request (id integer PRIMARY KEY, v text); INSERT INTO alt_same_request VALUES (1, 'a')");
        var results = await db.RunAsync("ALTER TABLE alt_same_request ADD COLUMN k integer DEFAULT 5; UPDATE alt_same_request SET k = k + 1; SELECT * FROM alt_same_request");
        Assert.Equal([Row(1L, "a", 6L)], results[^1].Rows);
    }

    [Fact]
    public async Task Add_Column_After_The_Table_Was_Read_Is_Visible_To_The_Same_Request()
    {
        // A read decodes rows with the schema's column kinds; the altered schema must not reuse the old ones.
        await db.RunAsync("CREATE TABLE alt_after_read (id integer PRIMARY KEY); INSERT INTO alt_after_read VALUES (1)");
        await db.RunAsync("SELECT * FROM alt_after_read");
        var results = await db.RunAsync("ALTER TABLE alt_after_read ADD COLUMN c integer; SELECT * FROM alt_after_read");
        Assert.Equal([Row(1L, null)], results[^1].Rows);
    }

    [Fact]
    public async Task Drop_And_Rename_Column_Are_Visible_To_Later_Statements_Of_The_Same_Request()
    {
        await db.RunAsync("CREATE TABLE alt_same_request_drop (id integer PRIMARY KEY, a text, b text); INSERT INTO alt_same_request_drop VALUES (1, 'a1', 'b1')");
        var results = await db.RunAsync("ALTER TABLE alt_same_request_drop DROP COLUMN a; ALTER TABLE alt_same_request_drop RENAME COLUMN b TO c; UPDATE alt_same_request_drop SET c = c || '!'; SELECT * FROM alt_same_request_drop");
        Assert.Equal(["id", "c"], results[^1].Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, "b1!")], results[^1].Rows);
    }

    [Fact]
    public async Task Add_Column_Not_Null_Without_Default_Is_Error_23502_Unless_The_Table_Is_Empty()
    {
        await db.RunAsync("CREATE TABLE alt_not_null (id integer PRIMARY KEY); INSERT INTO alt_not_null VALUES (1)");
        var e = await db.FailAsync(SqlState.NotNullViolation, "ALTER TABLE alt_not_null ADD COLUMN must integer NOT NULL");
        Assert.Equal("column \"must\" of relation \"alt_not_null\" contains null values", e.Message);
        Assert.Equal(["id"], (await db.RunAsync("SELECT * FROM alt_not_null"))[0].Columns.Select(c => c.Name));

        await db.RunAsync("CREATE TABLE alt_not_null_empty (id integer PRIMARY KEY)");
        await db.RunAsync("ALTER TABLE alt_not_null_empty ADD COLUMN must integer NOT NULL");
        await db.FailAsync(SqlState.NotNullViolation, "INSERT INTO alt_not_null_empty VALUES (1)");
    }

    [Fact]
    public async Task Add_Column_With_A_Taken_Name_Is_Error_42701()
    {
        await db.RunAsync("CREATE TABLE alt_dup (id integer PRIMARY KEY, name text)");
        await db.FailAsync(SqlState.DuplicateColumn, "ALTER TABLE alt_dup ADD COLUMN name text");
    }

    [Fact]
    public async Task Drop_Column_Removes_It_And_The_Indexes_On_It()
    {
        await db.RunAsync("CREATE TABLE alt_drop (id integer PRIMARY KEY, name text, status text, note text)");
        await db.RunAsync("CREATE INDEX alt_drop_status ON alt_drop (status)");
        await db.RunAsync("INSERT INTO alt_drop VALUES (1, 'a', 'new', 'n1'), (2, 'b', 'old', NULL)");
        await db.RunAsync("ALTER TABLE alt_drop DROP COLUMN status");
        var result = (await db.RunAsync("SELECT * FROM alt_drop ORDER BY id"))[0];
        Assert.Equal(["id", "name", "note"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, "a", "n1"), Row(2L, "b", null)], result.Rows);
        await db.FailAsync(SqlState.UndefinedObjectType, "DROP INDEX alt_drop_status");
        await db.FailAsync(SqlState.UndefinedColumn, "SELECT status FROM alt_drop");
        await db.FailAsync(SqlState.UndefinedColumn, "ALTER TABLE alt_drop DROP COLUMN nope");
        await db.RunAsync("ALTER TABLE alt_drop DROP COLUMN IF EXISTS nope");
        await db.RunAsync("INSERT INTO alt_drop VALUES (3, 'c', 'n3')");
        Assert.Equal([Row(3L, "c", "n3")], await db.QueryAsync("SELECT * FROM alt_drop WHERE id = 3"));
    }

    [Fact]
    public async Task Drop_Of_A_Primary_Key_Column_Is_Error_2BP01()
    {
        // PostgreSQL drops the primary key constraint with the column; OrleansDb stores rows by their
        // primary key, so it refuses, as PostgreSQL does for a column another object depends on.
        await db.RunAsync("CREATE TABLE alt_drop_key (id integer PRIMARY KEY, name text)");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "ALTER TABLE alt_drop_key DROP COLUMN id");
        Assert.Equal(["id", "name"], (await db.RunAsync("SELECT * FROM alt_drop_key"))[0].Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Rename_Column_Keeps_The_Data()
    {
        await db.RunAsync("CREATE TABLE alt_rename_col (id integer PRIMARY KEY, name text)");
        await db.RunAsync("INSERT INTO alt_rename_col VALUES (1, 'a')");
        await db.RunAsync("ALTER TABLE alt_rename_col RENAME COLUMN name TO title");
        Assert.Equal([Row(1L, "a")], await db.QueryAsync("SELECT id, title FROM alt_rename_col"));
        await db.FailAsync(SqlState.UndefinedColumn, "SELECT name FROM alt_rename_col");
        await db.FailAsync(SqlState.DuplicateColumn, "ALTER TABLE alt_rename_col RENAME COLUMN title TO id");
        await db.FailAsync(SqlState.UndefinedColumn, "ALTER TABLE alt_rename_col RENAME COLUMN nope TO other");
    }

    [Fact]
    public async Task Rename_To_Moves_The_Table_To_The_New_Name()
    {
        await db.RunAsync("CREATE TABLE alt_old_name (id integer PRIMARY KEY); INSERT INTO alt_old_name VALUES (1), (2)");
        await db.RunAsync("ALTER TABLE alt_old_name RENAME TO alt_new_name");
        Assert.Equal([Row(2L)], await db.QueryAsync("SELECT count(*) FROM alt_new_name"));
        await db.FailAsync(SqlState.UndefinedTable, "SELECT count(*) FROM alt_old_name");
        await db.RunAsync("CREATE TABLE alt_taken (id integer PRIMARY KEY)");
        await db.FailAsync(SqlState.DuplicateTable, "ALTER TABLE alt_new_name RENAME TO alt_taken");
        await db.RunAsync("CREATE TABLE alt_old_name (other text)");
    }
}
