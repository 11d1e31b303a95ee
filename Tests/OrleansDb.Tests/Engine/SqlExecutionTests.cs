using System.Text.RegularExpressions;
using OrleansDb.Sql;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>SQL behaviour end to end on a one-silo cluster. Each test uses its own tables.</summary>
public sealed class SqlExecutionTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    private static object?[] Row(params object?[] values) => values;

    private static List<object?> Column(IReadOnlyList<object?[]> rows, int index = 0) => rows.Select(r => r[index]).ToList();

    [Fact]
    public async Task Create_Insert_Select_Update_Delete_Round_Trip()
    {
        await db.RunAsync("CREATE TABLE crud (id integer PRIMARY KEY, name text, qty integer)");
        var inserted = await db.RunAsync("INSERT INTO crud VALUES (1, 'apple', 3), (2, 'pear', 5), (3, 'plum', NULL)");
        Assert.Equal(3, inserted[0].RowsAffected);
        Assert.Equal([Row(1L, "apple", 3L), Row(2L, "pear", 5L), Row(3L, "plum", null)], await db.QueryAsync("SELECT * FROM crud ORDER BY id"));

        var updated = await db.RunAsync("UPDATE crud SET qty = qty * 10, name = upper(name) WHERE qty IS NOT NULL");
        Assert.Equal(2, updated[0].RowsAffected);
        Assert.Equal([Row(1L, "APPLE", 30L), Row(2L, "PEAR", 50L), Row(3L, "plum", null)], await db.QueryAsync("SELECT id, name, qty FROM crud ORDER BY id"));

        var deleted = await db.RunAsync("DELETE FROM crud WHERE id <> 2");
        Assert.Equal(2, deleted[0].RowsAffected);
        Assert.Equal([Row(2L, "PEAR", 50L)], await db.QueryAsync("SELECT * FROM crud"));

        Assert.Equal(0, (await db.RunAsync("UPDATE crud SET qty = 0 WHERE id = 99"))[0].RowsAffected);
        Assert.Equal(0, (await db.RunAsync("DELETE FROM crud WHERE id = 99"))[0].RowsAffected);
    }

    [Fact]
    public async Task Results_Name_And_Type_Their_Columns()
    {
        await db.RunAsync("CREATE TABLE meta (id integer PRIMARY KEY, v text, f double precision, b boolean, g bigint)");
        var result = (await db.RunAsync("SELECT id, v AS name, id * 2, f, b, g, 'x', NULL FROM meta"))[0];
        Assert.Equal(
            [("id", "integer"), ("name", "text"), ("?column?", "integer"), ("f", "double precision"), ("b", "boolean"), ("g", "bigint"), ("?column?", "text"), ("?column?", "text")],
            result.Columns.Select(c => (c.Name, c.Type)));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public async Task Values_Of_Every_Type_Round_Trip()
    {
        await db.RunAsync("CREATE TABLE typed (id bigint PRIMARY KEY, s smallint, f double precision, r real, b boolean, t text, c varchar(5))");
        await db.RunAsync("INSERT INTO typed VALUES (9223372036854775807, -32768, -1.5, 0.5, true, 'it''s', 'abc'), (-1, NULL, NULL, NULL, false, '', NULL)");
        Assert.Equal(
            [Row(-1L, null, null, null, false, "", null), Row(long.MaxValue, -32768L, -1.5, 0.5f, true, "it's", "abc")],
            await db.QueryAsync("SELECT * FROM typed ORDER BY id"));
    }

    [Fact]
    public async Task A_Failing_Statement_Rolls_Back_The_Whole_Request()
    {
        await db.RunAsync("CREATE TABLE atomic_req (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO atomic_req VALUES (1, 'a')");

        await db.FailAsync(SqlState.UniqueViolation,
            "INSERT INTO atomic_req VALUES (2, 'b'); UPDATE atomic_req SET v = 'changed' WHERE id = 1; DELETE FROM atomic_req WHERE id = 1; INSERT INTO atomic_req VALUES (5, 'x'), (5, 'y')");
        await db.FailAsync(SqlState.DivisionByZero,
            "INSERT INTO atomic_req VALUES (3, 'c'); SELECT 10 / (id - 1) FROM atomic_req");
        await db.FailAsync(SqlState.UndefinedColumn,
            "DELETE FROM atomic_req; SELECT nope FROM atomic_req");

        Assert.Equal([Row(1L, "a")], await db.QueryAsync("SELECT * FROM atomic_req"));
    }

    [Fact]
    public async Task A_Table_Created_In_A_Failed_Request_Does_Not_Exist()
    {
        await db.FailAsync(SqlState.NotNullViolation,
            "CREATE TABLE rolled_back (id integer PRIMARY KEY, v text NOT NULL); INSERT INTO rolled_back VALUES (1, 'a'); INSERT INTO rolled_back VALUES (2, NULL)");
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM rolled_back");
        await db.RunAsync("CREATE TABLE rolled_back (id integer PRIMARY KEY)");
    }

    [Fact]
    public async Task A_Request_Sees_Its_Own_Writes()
    {
        await db.RunAsync("CREATE TABLE own_writes (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO own_writes VALUES (10, 'ten'), (20, 'twenty'), (30, 'thirty')");
        var results = await db.RunAsync("""
            INSERT INTO own_writes VALUES (1, 'one'), (2, 'two');
            UPDATE own_writes SET v = 'TWO' WHERE id = 2;
            UPDATE own_writes SET v = 'TWENTY' WHERE id = 20;
            DELETE FROM own_writes WHERE id IN (1, 30);
            INSERT INTO own_writes VALUES (30, 'thirty again');
            SELECT id, v FROM own_writes ORDER BY id;
            SELECT v FROM own_writes WHERE id = 2;
            SELECT id FROM own_writes WHERE id > 5 AND v LIKE 't%';
            SELECT id FROM own_writes LIMIT 2
            """);
        Assert.Equal([Row(2L, "TWO"), Row(10L, "ten"), Row(20L, "TWENTY"), Row(30L, "thirty again")], results[5].Rows);
        Assert.Equal([Row("TWO")], results[6].Rows);
        Assert.Equal([Row(10L), Row(30L)], results[7].Rows);
        Assert.Equal(2, results[8].Rows.Count);
        Assert.Equal([Row(2L, "TWO"), Row(10L, "ten"), Row(20L, "TWENTY"), Row(30L, "thirty again")], await db.QueryAsync("SELECT * FROM own_writes ORDER BY id"));
    }

    [Fact]
    public async Task A_Table_Created_In_A_Request_Can_Be_Used_By_Its_Later_Statements()
    {
        var results = await db.RunAsync("CREATE TABLE born_here (id integer PRIMARY KEY, v text); INSERT INTO born_here VALUES (1, 'a'), (2, 'b'); UPDATE born_here SET v = 'B' WHERE id = 2; SELECT * FROM born_here ORDER BY id");
        Assert.Equal([Row(1L, "a"), Row(2L, "B")], results[^1].Rows);
        Assert.Equal([Row(1L, "a"), Row(2L, "B")], await db.QueryAsync("SELECT * FROM born_here ORDER BY id"));
    }

    [Fact]
    public async Task Duplicate_Primary_Key_Is_Error_23505()
    {
        await db.RunAsync("CREATE TABLE dup_pk (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO dup_pk VALUES (1, 'a')");
        var e = await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO dup_pk VALUES (2, 'b'), (1, 'again')");
        Assert.Equal("duplicate key value violates unique constraint \"dup_pk_pkey\": Key (id)=(1) already exists.", e.Message);
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO dup_pk VALUES (3, 'x'), (3, 'y')");
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO dup_pk VALUES (4, 'x'); INSERT INTO dup_pk VALUES (4, 'y')");
        Assert.Equal([Row(1L, "a")], await db.QueryAsync("SELECT * FROM dup_pk"));
    }

    [Fact]
    public async Task A_Deleted_Key_Can_Be_Inserted_Again()
    {
        await db.RunAsync("CREATE TABLE reuse_key (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO reuse_key VALUES (1, 'a')");
        await db.RunAsync("DELETE FROM reuse_key WHERE id = 1; INSERT INTO reuse_key VALUES (1, 'b')");
        Assert.Equal([Row(1L, "b")], await db.QueryAsync("SELECT * FROM reuse_key"));
        await db.RunAsync("DELETE FROM reuse_key");
        await db.RunAsync("INSERT INTO reuse_key VALUES (1, 'c')");
        Assert.Equal([Row(1L, "c")], await db.QueryAsync("SELECT * FROM reuse_key"));
    }

    [Fact]
    public async Task Duplicate_Composite_Primary_Key_Is_Error_23505()
    {
        await db.RunAsync("CREATE TABLE dup_pair (a integer, b text, PRIMARY KEY (a, b))");
        await db.RunAsync("INSERT INTO dup_pair VALUES (1, 'x'), (1, 'y'), (2, 'x')");
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO dup_pair VALUES (1, 'y')");
        Assert.Equal([Row(1L, "x"), Row(1L, "y")], await db.QueryAsync("SELECT * FROM dup_pair WHERE a = 1"));
    }

    [Theory]
    [InlineData("INSERT INTO not_null VALUES (1, NULL)")]
    [InlineData("INSERT INTO not_null (id) VALUES (1)")]
    [InlineData("INSERT INTO not_null VALUES (NULL, 'a')")]
    [InlineData("INSERT INTO not_null (v) VALUES ('a')")]
    [InlineData("UPDATE not_null SET v = NULL WHERE id = 100")]
    [InlineData("UPDATE not_null SET id = NULL")]
    public async Task Null_In_A_Not_Null_Column_Is_Error_23502(string sql)
    {
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS not_null (id integer PRIMARY KEY, v text NOT NULL)");
        await db.ExecuteAsync("INSERT INTO not_null VALUES (100, 'keep')");
        var e = await db.FailAsync(SqlState.NotNullViolation, sql);
        Assert.Contains("violates not-null constraint", e.Message, StringComparison.Ordinal);
        Assert.Equal([Row(100L, "keep")], await db.QueryAsync("SELECT * FROM not_null"));
    }

    [Fact]
    public async Task Defaults_Fill_Omitted_Columns()
    {
        await db.RunAsync("CREATE TABLE defaults (id integer PRIMARY KEY, qty integer DEFAULT 2 * 21, name text DEFAULT 'none', note text)");
        await db.RunAsync("INSERT INTO defaults (id) VALUES (1)");
        await db.RunAsync("INSERT INTO defaults VALUES (2, DEFAULT, 'given', DEFAULT)");
        await db.RunAsync("INSERT INTO defaults (name, id) VALUES ('named', 3)");
        await db.RunAsync("UPDATE defaults SET qty = 0 WHERE id = 3; UPDATE defaults SET qty = DEFAULT WHERE id = 3");
        Assert.Equal(
            [Row(1L, 42L, "none", null), Row(2L, 42L, "given", null), Row(3L, 42L, "named", null)],
            await db.QueryAsync("SELECT * FROM defaults ORDER BY id"));
    }

    [Fact]
    public async Task Default_Values_Inserts_A_Row_Of_Defaults()
    {
        await db.RunAsync("CREATE TABLE all_defaults (id integer PRIMARY KEY DEFAULT 7, v text DEFAULT 'd')");
        await db.RunAsync("INSERT INTO all_defaults DEFAULT VALUES");
        Assert.Equal([Row(7L, "d")], await db.QueryAsync("SELECT * FROM all_defaults"));
    }

    [Fact]
    public async Task Updating_A_Primary_Key_Moves_The_Row()
    {
        await db.RunAsync("CREATE TABLE move_key (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO move_key VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Assert.Equal(1, (await db.RunAsync("UPDATE move_key SET id = 10 WHERE id = 1"))[0].RowsAffected);
        Assert.Empty(await db.QueryAsync("SELECT v FROM move_key WHERE id = 1"));
        Assert.Equal([Row("a")], await db.QueryAsync("SELECT v FROM move_key WHERE id = 10"));
        Assert.Equal([Row(2L, "b"), Row(3L, "c"), Row(10L, "a")], await db.QueryAsync("SELECT * FROM move_key ORDER BY id"));

        await db.FailAsync(SqlState.UniqueViolation, "UPDATE move_key SET id = 2 WHERE id = 3");
        await db.RunAsync("UPDATE move_key SET id = 20, v = 'moved' WHERE id = 2; UPDATE move_key SET id = 2 WHERE id = 3");
        Assert.Equal([Row(2L, "c"), Row(10L, "a"), Row(20L, "moved")], await db.QueryAsync("SELECT * FROM move_key ORDER BY id"));
    }

    [Fact]
    public async Task Order_By_Puts_Nulls_Last_Ascending_And_First_Descending()
    {
        await db.RunAsync("CREATE TABLE nulls_order (id integer PRIMARY KEY, v integer)");
        await db.RunAsync("INSERT INTO nulls_order VALUES (1, 3), (2, NULL), (3, 1), (4, NULL), (5, 2)");
        Assert.Equal([3L, 5L, 1L, 2L, 4L], Column(await db.QueryAsync("SELECT id FROM nulls_order ORDER BY v, id")));
        Assert.Equal([2L, 4L, 1L, 5L, 3L], Column(await db.QueryAsync("SELECT id FROM nulls_order ORDER BY v DESC, id")));
        Assert.Equal([2L, 4L, 3L, 5L, 1L], Column(await db.QueryAsync("SELECT id FROM nulls_order ORDER BY v NULLS FIRST, id")));
        Assert.Equal([1L, 5L, 3L, 2L, 4L], Column(await db.QueryAsync("SELECT id FROM nulls_order ORDER BY v DESC NULLS LAST, id")));
        Assert.Equal([4L, 2L, 1L, 5L, 3L], Column(await db.QueryAsync("SELECT id, v FROM nulls_order ORDER BY 2 DESC, 1 DESC")));
        Assert.Equal([3L, 5L, 1L, 2L, 4L], Column(await db.QueryAsync("SELECT id, v AS w FROM nulls_order ORDER BY w, id")));
        Assert.Equal([4L, 2L, 3L, 5L, 1L], Column(await db.QueryAsync("SELECT id FROM nulls_order ORDER BY v IS NOT NULL, v, id DESC")));
    }

    [Fact]
    public async Task Order_By_Text_Uses_Code_Point_Order()
    {
        await db.RunAsync("CREATE TABLE text_order (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO text_order VALUES (1, 'b'), (2, 'B'), (3, 'a'), (4, 'ab'), (5, '')");
        Assert.Equal(["", "B", "a", "ab", "b"], Column(await db.QueryAsync("SELECT v FROM text_order ORDER BY v")));
    }

    [Fact]
    public async Task Order_By_Text_Uses_Code_Point_Order_Beyond_The_Basic_Plane()
    {
        await db.RunAsync("CREATE TABLE astral_order (name text PRIMARY KEY)");
        await db.RunAsync("INSERT INTO astral_order VALUES ('\U0001F600'), ('\uFFFD'), ('z')");
        Assert.Equal(["z", "\uFFFD", "\U0001F600"], Column(await db.QueryAsync("SELECT name FROM astral_order ORDER BY name")));
        Assert.Equal(["\U0001F600"], Column(await db.QueryAsync("SELECT name FROM astral_order WHERE name > '\uFFFD'")));
    }

    [Fact]
    public async Task Limit_And_Offset()
    {
        await db.RunAsync("CREATE TABLE paging (id integer PRIMARY KEY)");
        await db.RunAsync("INSERT INTO paging VALUES " + string.Join(", ", Enumerable.Range(1, 10).Select(i => $"({i})")));
        Assert.Equal([3L, 4L, 5L], Column(await db.QueryAsync("SELECT id FROM paging ORDER BY id LIMIT 3 OFFSET 2")));
        Assert.Equal([10L, 9L], Column(await db.QueryAsync("SELECT id FROM paging ORDER BY id DESC LIMIT 2")));
        Assert.Equal([9L, 10L], Column(await db.QueryAsync("SELECT id FROM paging ORDER BY id OFFSET 8")));
        Assert.Equal([10L], Column(await db.QueryAsync("SELECT id FROM paging ORDER BY id LIMIT 5 OFFSET 9")));
        Assert.Empty(await db.QueryAsync("SELECT id FROM paging ORDER BY id OFFSET 20"));
        Assert.Empty(await db.QueryAsync("SELECT id FROM paging LIMIT 0"));
        Assert.Equal(10, (await db.QueryAsync("SELECT id FROM paging LIMIT ALL")).Count);
        Assert.Equal(3, (await db.QueryAsync("SELECT id FROM paging LIMIT 3")).Count);
        Assert.Equal(4, (await db.QueryAsync("SELECT id FROM paging LIMIT 4 OFFSET 3")).Count);
        Assert.Equal(2, (await db.QueryAsync("SELECT id FROM paging OFFSET 8")).Count);
        Assert.All(await db.QueryAsync("SELECT id FROM paging WHERE id > 5 LIMIT 2"), r => Assert.True((long)r[0]! > 5));
        Assert.Equal([5L, 6L], Column(await db.QueryAsync("SELECT id FROM paging ORDER BY id LIMIT $1 OFFSET $2", 2, 4)));
        await db.FailAsync("2201W", "SELECT id FROM paging LIMIT -1");
        await db.FailAsync("2201X", "SELECT id FROM paging OFFSET -1");
    }

    [Fact]
    public async Task Limit_Null_Means_No_Limit()
    {
        await db.RunAsync("CREATE TABLE limit_null (id integer PRIMARY KEY)");
        await db.RunAsync("INSERT INTO limit_null VALUES (1), (2), (3)");
        Assert.Equal(3, (await db.QueryAsync("SELECT id FROM limit_null LIMIT NULL")).Count);
        Assert.Equal(2, (await db.QueryAsync("SELECT id FROM limit_null LIMIT 2 OFFSET NULL")).Count);
        Assert.Equal(3, (await db.QueryAsync("SELECT id FROM limit_null LIMIT $1", [null])).Count);
    }

    [Fact]
    public async Task Parameters_Bind_By_Position()
    {
        await db.RunAsync("CREATE TABLE params (id integer PRIMARY KEY, v text, f double precision, b boolean)");
        await db.RunAsync("INSERT INTO params VALUES ($1, $2, $3, $4)", 1, "one", 1.5, true);
        await db.RunAsync("INSERT INTO params VALUES ($1, $2, $3, $4)", 2L, null, null, false);
        await db.RunAsync("INSERT INTO params (id, v) VALUES ($1, $2)", "3", "three");
        Assert.Equal([Row("one", 1.5, true)], await db.QueryAsync("SELECT v, f, b FROM params WHERE id = $1", 1));
        Assert.Equal([Row(2L)], await db.QueryAsync("SELECT id FROM params WHERE v IS NULL AND b = $1", false));
        Assert.Equal([Row(3L)], await db.QueryAsync("SELECT id FROM params WHERE v = $1", "three"));
        Assert.Equal([Row(1L), Row(2L)], await db.QueryAsync("SELECT id FROM params WHERE id BETWEEN $1 AND $2 ORDER BY id", 1, 2));
        Assert.Equal([Row(5L)], await db.QueryAsync("SELECT $1 + $2", 2, 3));
        await db.RunAsync("UPDATE params SET v = $2 WHERE id = $1", 2, "two");
        Assert.Equal([Row("two")], await db.QueryAsync("SELECT v FROM params WHERE id = 2"));
        await db.FailAsync(SqlState.UndefinedParameter, "SELECT id FROM params WHERE id = $2", 1);
        await db.FailAsync(SqlState.InvalidTextRepresentation, "SELECT id FROM params WHERE id = $1", "x");
    }

    [Fact]
    public async Task Table_Without_Primary_Key_Allows_Duplicates_And_Hides_Its_Row_Id()
    {
        await db.RunAsync("CREATE TABLE heap_rows (a integer, b text)");
        await db.RunAsync("INSERT INTO heap_rows VALUES (1, 'x'), (1, 'x'), (2, 'y')");
        await db.RunAsync("INSERT INTO heap_rows VALUES (1, 'x')");
        var result = (await db.RunAsync("SELECT * FROM heap_rows ORDER BY a"))[0];
        Assert.Equal(["a", "b"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, "x"), Row(1L, "x"), Row(1L, "x"), Row(2L, "y")], result.Rows);
        await db.FailAsync(SqlState.UndefinedColumn, "SELECT rowid FROM heap_rows");

        Assert.Equal(3, (await db.RunAsync("UPDATE heap_rows SET b = 'z' WHERE a = 1"))[0].RowsAffected);
        Assert.Equal([Row("y"), Row("z"), Row("z"), Row("z")], await db.QueryAsync("SELECT b FROM heap_rows ORDER BY b"));
        Assert.Equal(3, (await db.RunAsync("DELETE FROM heap_rows WHERE b = 'z'"))[0].RowsAffected);
        Assert.Equal([Row(2L, "y")], await db.QueryAsync("SELECT * FROM heap_rows"));
    }

    [Fact]
    public async Task Explain_Shows_A_Point_Lookup_And_The_Atom_It_Reads()
    {
        await db.RunAsync("CREATE TABLE explained (id integer PRIMARY KEY, v text)");
        var result = (await db.RunAsync("EXPLAIN SELECT v FROM explained WHERE id = 2"))[0];
        Assert.Equal([("QUERY PLAN", "text")], result.Columns.Select(c => (c.Name, c.Type)));
        var lines = Column(result.Rows).Cast<string>().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("Point Lookup on explained (id = 2) filter: (id = 2) output: v", lines[0]);
        Assert.Matches(new Regex(@"^Atoms of explained: 1 of 1 \(\d+\)$"), lines[1]);
    }

    [Fact]
    public async Task Explain_Does_Not_Run_The_Statement()
    {
        await db.RunAsync("CREATE TABLE explain_only (id integer PRIMARY KEY)");
        var lines = Column(await db.QueryAsync("EXPLAIN INSERT INTO explain_only VALUES (1)"));
        Assert.Equal(["Insert on explain_only", "-> Values: 1 row"], lines);
        Assert.Empty(await db.QueryAsync("SELECT * FROM explain_only"));
    }

    [Fact]
    public async Task Errors_Carry_Sqlstate_And_Position_Into_The_Request_Text()
    {
        var missing = await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM no_such_table");
        Assert.Equal(15, missing.Position);
        Assert.Equal("relation \"no_such_table\" does not exist", missing.Message);
        var syntax = await db.FailAsync(SqlState.SyntaxError, "SELECT 1; SELEC 2");
        Assert.Equal(11, syntax.Position);
        var text = await db.FailAsync(SqlState.SyntaxError, "SELECT 'oops");
        Assert.Equal(8, text.Position);
    }

    [Fact]
    public async Task Errors_Inside_A_Pushed_Down_Filter_Reach_The_Client()
    {
        await db.RunAsync("CREATE TABLE pushed_error (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO pushed_error VALUES (1, '1'), (2, '2'), (3, 'three')");
        await db.FailAsync(SqlState.DivisionByZero, "SELECT id FROM pushed_error WHERE 10 / (id - 2) > 0");
        await db.FailAsync(SqlState.InvalidTextRepresentation, "SELECT v::integer FROM pushed_error");
        await db.FailAsync(SqlState.NumericValueOutOfRange, "SELECT id * 2147483647 FROM pushed_error");
    }

    [Fact]
    public async Task Values_Are_Checked_Against_Their_Column_Types()
    {
        await db.RunAsync("CREATE TABLE checked_types (id integer PRIMARY KEY, s smallint, c varchar(3))");
        await db.FailAsync(SqlState.NumericValueOutOfRange, "INSERT INTO checked_types (id, s) VALUES (1, 40000)");
        await db.FailAsync(SqlState.NumericValueOutOfRange, "INSERT INTO checked_types (id) VALUES (3000000000)");
        await db.FailAsync(SqlState.StringDataRightTruncation, "INSERT INTO checked_types (id, c) VALUES (1, 'abcd')");
        await db.FailAsync(SqlState.InvalidTextRepresentation, "INSERT INTO checked_types (id) VALUES ('one')");
        await db.FailAsync(SqlState.DatatypeMismatch, "INSERT INTO checked_types (id) VALUES (true)");
        await db.RunAsync("INSERT INTO checked_types VALUES (1, 1, 'abc'), (2, 2.6, 'ab')");
        Assert.Equal([Row(1L, 1L, "abc"), Row(2L, 3L, "ab")], await db.QueryAsync("SELECT * FROM checked_types ORDER BY id"));
        await db.FailAsync(SqlState.NumericValueOutOfRange, "UPDATE checked_types SET s = s * 20000");
    }

    [Fact]
    public async Task Create_And_Drop_Table()
    {
        await db.RunAsync("CREATE TABLE lifecycle (id integer PRIMARY KEY)");
        await db.FailAsync(SqlState.DuplicateTable, "CREATE TABLE lifecycle (id integer PRIMARY KEY)");
        await db.RunAsync("CREATE TABLE IF NOT EXISTS lifecycle (other text)");
        await db.RunAsync("INSERT INTO lifecycle VALUES (1)");
        await db.RunAsync("DROP TABLE lifecycle");
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM lifecycle");
        await db.FailAsync(SqlState.UndefinedTable, "DROP TABLE lifecycle");
        await db.RunAsync("DROP TABLE IF EXISTS lifecycle");
        await db.RunAsync("CREATE TABLE lifecycle (id integer PRIMARY KEY, v text)");
        Assert.Empty(await db.QueryAsync("SELECT * FROM lifecycle"));
    }

    [Fact]
    public async Task Quoted_Identifiers_Keep_Their_Case()
    {
        await db.RunAsync("CREATE TABLE \"Quoted\" (\"Id\" integer PRIMARY KEY, id text)");
        await db.RunAsync("INSERT INTO \"Quoted\" VALUES (1, 'lower')");
        var result = (await db.RunAsync("SELECT \"Id\", id FROM \"Quoted\""))[0];
        Assert.Equal(["Id", "id"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(1L, "lower")], result.Rows);
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM quoted");
    }

    [Fact]
    public async Task Range_Scans_Return_Exactly_The_Rows_In_Range()
    {
        await db.RunAsync("CREATE TABLE ranges (a integer, b integer, v text, PRIMARY KEY (a, b))");
        await db.RunAsync("INSERT INTO ranges VALUES " + string.Join(", ",
            from a in Enumerable.Range(1, 5) from b in Enumerable.Range(1, 5) select $"({a}, {b}, '{a}.{b}')"));
        Assert.Equal(["2.1", "2.2", "2.3", "2.4", "2.5"], Column(await db.QueryAsync("SELECT v FROM ranges WHERE a = 2")));
        Assert.Equal(["3.2", "3.3"], Column(await db.QueryAsync("SELECT v FROM ranges WHERE a = 3 AND b > 1 AND b <= 3")));
        Assert.Equal(["4.4"], Column(await db.QueryAsync("SELECT v FROM ranges WHERE b = 4 AND a = 4")));
        Assert.Equal(["1.5", "2.5", "3.5", "4.5", "5.5"], Column(await db.QueryAsync("SELECT v FROM ranges WHERE b = 5")));
        Assert.Equal(10, (await db.QueryAsync("SELECT v FROM ranges WHERE a BETWEEN 2 AND 3")).Count);
        Assert.Equal(10, (await db.QueryAsync("SELECT v FROM ranges WHERE a >= 4")).Count);
        Assert.Empty(await db.QueryAsync("SELECT v FROM ranges WHERE a = 2.5"));
        Assert.Empty(await db.QueryAsync("SELECT v FROM ranges WHERE a > 3 AND a < 4"));
        Assert.Empty(await db.QueryAsync("SELECT v FROM ranges WHERE a = NULL"));
    }

    [Fact]
    public async Task Select_Distinct_Removes_Duplicate_Rows()
    {
        await db.RunAsync("CREATE TABLE distinct_rows (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO distinct_rows VALUES (1, 'a'), (2, 'b'), (3, 'a'), (4, NULL), (5, NULL)");
        Assert.Equal(["a", "b", null], Column(await db.QueryAsync("SELECT DISTINCT v FROM distinct_rows ORDER BY v")));
    }

    [Fact]
    public async Task Keys_Of_Every_Type_Find_Their_Rows()
    {
        await db.RunAsync("CREATE TABLE float_keys (x double precision PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO float_keys VALUES (-1.5, 'a'), (0, 'b'), (2, 'c'), (2.5, 'd'), ('Infinity', 'e')");
        Assert.Equal(["c"], Column(await db.QueryAsync("SELECT v FROM float_keys WHERE x = 2")));
        Assert.Equal(["b"], Column(await db.QueryAsync("SELECT v FROM float_keys WHERE x = -0.0")));
        Assert.Equal(["c", "d", "e"], Column(await db.QueryAsync("SELECT v FROM float_keys WHERE x > 1")));
        Assert.Equal(["a", "b"], Column(await db.QueryAsync("SELECT v FROM float_keys WHERE x <= 0")));

        await db.RunAsync("CREATE TABLE text_keys (name text PRIMARY KEY, n integer)");
        await db.RunAsync("INSERT INTO text_keys VALUES ('b', 1), ('ba', 2), ('b ', 3), ('c', 4), ('', 5), ('B', 6)");
        Assert.Equal([1L, 3L, 2L], Column(await db.QueryAsync("SELECT n FROM text_keys WHERE name >= 'b' AND name < 'c'")));
        Assert.Equal([5L], Column(await db.QueryAsync("SELECT n FROM text_keys WHERE name = ''")));
        Assert.Equal([6L], Column(await db.QueryAsync("SELECT n FROM text_keys WHERE name = 'B'")));

        await db.RunAsync("CREATE TABLE bool_keys (flag boolean, n smallint, PRIMARY KEY (flag, n))");
        await db.RunAsync("INSERT INTO bool_keys VALUES (true, 1), (false, 2), (true, -3)");
        Assert.Equal([-3L, 1L], Column(await db.QueryAsync("SELECT n FROM bool_keys WHERE flag = true"), 0));
        Assert.Equal([Row(false, 2L)], await db.QueryAsync("SELECT * FROM bool_keys WHERE n = 2 AND NOT flag"));
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO bool_keys VALUES (true, 1)");
    }

    [Fact]
    public async Task Insert_Select_Copies_Rows_Once_Even_From_The_Same_Table()
    {
        await db.RunAsync("CREATE TABLE copy_source (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO copy_source VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        await db.RunAsync("CREATE TABLE copy_target (id integer PRIMARY KEY, v text)");
        Assert.Equal(2, (await db.RunAsync("INSERT INTO copy_target SELECT id * 10, upper(v) FROM copy_source WHERE id > 1"))[0].RowsAffected);
        Assert.Equal([Row(20L, "B"), Row(30L, "C")], await db.QueryAsync("SELECT * FROM copy_target ORDER BY id"));
        await db.FailAsync(SqlState.UniqueViolation, "INSERT INTO copy_source SELECT * FROM copy_source");

        await db.RunAsync("CREATE TABLE copy_heap (n integer)");
        await db.RunAsync("INSERT INTO copy_heap VALUES (1), (2), (3)");
        Assert.Equal(3, (await db.RunAsync("INSERT INTO copy_heap SELECT n FROM copy_heap"))[0].RowsAffected);
        var results = await db.RunAsync("INSERT INTO copy_heap VALUES (4); INSERT INTO copy_heap SELECT n + 10 FROM copy_heap; SELECT n FROM copy_heap ORDER BY n");
        Assert.Equal(7, results[1].RowsAffected);
        Assert.Equal([1L, 1L, 2L, 2L, 3L, 3L, 4L, 11L, 11L, 12L, 12L, 13L, 13L, 14L], Column(results[2].Rows));
    }

    [Fact]
    public async Task Concurrent_Increments_Never_Lose_An_Update()
    {
        await db.RunAsync("CREATE TABLE counter (id integer PRIMARY KEY, n integer)");
        await db.RunAsync("INSERT INTO counter VALUES (1, 0)");
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => db.ExecuteAsync(
            i % 2 == 0 ? "UPDATE counter SET n = n + 1 WHERE id = 1" : "SELECT n FROM counter WHERE id = 1; UPDATE counter SET n = n + 1 WHERE id = 1")));
        Assert.All(responses.Where(r => r.Error is not null), r => Assert.Equal(SqlState.SerializationFailure, r.Error!.Code));
        long committed = responses.Count(r => r.Error is null);
        Assert.True(committed > 0);
        Assert.Equal([Row(committed)], await db.QueryAsync("SELECT n FROM counter WHERE id = 1"));
    }

    [Fact]
    public async Task A_Table_Dropped_And_Created_Again_In_One_Request_Starts_Empty()
    {
        await db.RunAsync("CREATE TABLE reborn (id integer PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO reborn VALUES (1, 'old')");
        var results = await db.RunAsync("DROP TABLE reborn; CREATE TABLE reborn (id integer PRIMARY KEY, w integer); INSERT INTO reborn VALUES (2, 20); SELECT * FROM reborn");
        Assert.Equal([Row(2L, 20L)], results[^1].Rows);
        var after = (await db.RunAsync("SELECT * FROM reborn"))[0];
        Assert.Equal(["id", "w"], after.Columns.Select(c => c.Name));
        Assert.Equal([Row(2L, 20L)], after.Rows);
    }
}
