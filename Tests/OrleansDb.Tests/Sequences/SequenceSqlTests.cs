using OrleansDb.Tests.Engine;
using Xunit;

namespace OrleansDb.Tests.Sequences;

/// <summary>Sequences through SQL on a one-silo cluster, with PostgreSQL's answers and error codes.</summary>
public sealed class SequenceSqlTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    private static object?[] Row(params object?[] values) => values;

    [Fact]
    public async Task Nextval_Counts_From_The_Start_And_Currval_Repeats_The_Last_Value_Of_The_Session()
    {
        await db.RunAsync("CREATE SEQUENCE seq_basic");
        Assert.Equal([Row(1L, 2L)], await db.QueryAsync("SELECT nextval('seq_basic'), nextval('seq_basic')"));
        Assert.Equal([Row(3L, 3L)], await db.QueryAsync("SELECT nextval('seq_basic'); SELECT currval('seq_basic'), currval('seq_basic')"));
        // Every request without a session is a session of its own: currval needs a nextval first.
        await db.FailAsync("55000", "SELECT currval('seq_basic')");
    }

    [Fact]
    public async Task Options_Set_Start_Step_Bounds_And_Cycling()
    {
        await db.RunAsync("CREATE SEQUENCE seq_opts INCREMENT BY 5 START WITH 10 MAXVALUE 22");
        Assert.Equal([Row(10L, 15L, 20L)], await db.QueryAsync("SELECT nextval('seq_opts'), nextval('seq_opts'), nextval('seq_opts')"));
        var error = await db.FailAsync("2200H", "SELECT nextval('seq_opts')");
        Assert.Contains("reached maximum value of sequence \"seq_opts\" (22)", error.Message);

        await db.RunAsync("CREATE SEQUENCE seq_down INCREMENT -1 MINVALUE 1 MAXVALUE 3 CYCLE");
        Assert.Equal([Row(3L, 2L, 1L, 3L)], await db.QueryAsync("SELECT nextval('seq_down'), nextval('seq_down'), nextval('seq_down'), nextval('seq_down')"));

        await db.RunAsync("CREATE SEQUENCE IF NOT EXISTS seq_down");
        await db.FailAsync("42P07", "CREATE SEQUENCE seq_down");
    }

    [Theory]
    [InlineData("CREATE SEQUENCE bad_seq INCREMENT 0")]
    [InlineData("CREATE SEQUENCE bad_seq MINVALUE 10 MAXVALUE 5")]
    [InlineData("CREATE SEQUENCE bad_seq START 0")]
    [InlineData("CREATE SEQUENCE bad_seq CACHE 0")]
    [InlineData("CREATE SEQUENCE bad_seq AS smallint MAXVALUE 100000")]
    [InlineData("CREATE SEQUENCE bad_seq AS text")]
    public async Task Nonsense_Options_Are_Refused_With_22023(string sql)
    {
        await db.FailAsync("22023", sql);
        await db.FailAsync("42P01", "SELECT nextval('bad_seq')");
    }

    [Fact]
    public async Task Setval_Moves_The_Sequence_With_And_Without_Is_Called()
    {
        await db.RunAsync("CREATE SEQUENCE seq_set CACHE 10");
        await db.QueryAsync("SELECT nextval('seq_set')");
        Assert.Equal([Row(50L)], await db.QueryAsync("SELECT setval('seq_set', 50)"));
        Assert.Equal([Row(51L)], await db.QueryAsync("SELECT nextval('seq_set')"));
        Assert.Equal([Row(50L, 50L)], await db.QueryAsync("SELECT setval('seq_set', 50, false), nextval('seq_set')"));
        await db.FailAsync("22003", "SELECT setval('seq_set', 0)");
    }

    [Fact]
    public async Task Serial_Columns_Number_Rows_And_Their_Sequence_Goes_With_The_Table()
    {
        await db.RunAsync("CREATE TABLE serial_items (id serial PRIMARY KEY, name text)");
        var inserted = await db.RunAsync("INSERT INTO serial_items (name) VALUES ('a'), ('b') RETURNING id");
        Assert.Equal([Row(1L), Row(2L)], inserted[0].Rows);
        await db.RunAsync("INSERT INTO serial_items (name) SELECT 'c'");
        await db.RunAsync("INSERT INTO serial_items VALUES (DEFAULT, 'd')");
        Assert.Equal([Row(1L, "a"), Row(2L, "b"), Row(3L, "c"), Row(4L, "d")], await db.QueryAsync("SELECT * FROM serial_items ORDER BY id"));
        Assert.Equal([Row("id", "integer", "nextval('serial_items_id_seq')", "NO")],
            await db.QueryAsync("SELECT column_name, data_type, column_default, is_nullable FROM information_schema.columns WHERE table_name = 'serial_items' AND column_name = 'id'"));

        await db.FailAsync("2BP01", "DROP SEQUENCE serial_items_id_seq");
        await db.RunAsync("DROP TABLE serial_items");
        await db.FailAsync("42P01", "SELECT nextval('serial_items_id_seq')");
        // The name is free again.
        await db.RunAsync("CREATE TABLE serial_items (id bigserial, name text)");
        Assert.Equal([Row(1L)], (await db.RunAsync("INSERT INTO serial_items (name) VALUES ('x') RETURNING id"))[0].Rows);
    }

    [Fact]
    public async Task Identity_Columns_Take_Options_And_Always_Refuses_Explicit_Values()
    {
        await db.RunAsync("CREATE TABLE ident_always (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY, v text)");
        await db.RunAsync("INSERT INTO ident_always (v) VALUES ('x'), ('y')");
        Assert.Equal([Row(100L, "x"), Row(110L, "y")], await db.QueryAsync("SELECT * FROM ident_always ORDER BY id"));
        await db.FailAsync("428C9", "INSERT INTO ident_always (id, v) VALUES (1, 'z')");
        await db.FailAsync("428C9", "UPDATE ident_always SET id = 5");

        await db.RunAsync("CREATE TABLE ident_default (id integer GENERATED BY DEFAULT AS IDENTITY, v text)");
        await db.RunAsync("INSERT INTO ident_default (id, v) VALUES (7, 'given'); INSERT INTO ident_default (v) VALUES ('drawn')");
        Assert.Equal([Row(1L, "drawn"), Row(7L, "given")], await db.QueryAsync("SELECT id, v FROM ident_default ORDER BY id"));
        await db.FailAsync("22023", "CREATE TABLE ident_bad (id text GENERATED ALWAYS AS IDENTITY)");
    }

    [Fact]
    public async Task A_Sequence_Created_In_A_Transaction_Hands_Out_Values_Before_It_Commits()
    {
        await db.RunAsync("BEGIN; CREATE TABLE tx_serial (id serial, v int); INSERT INTO tx_serial (v) VALUES (1), (2); COMMIT");
        await db.RunAsync("INSERT INTO tx_serial (v) VALUES (3)");
        Assert.Equal([Row(1L, 1L), Row(2L, 2L), Row(3L, 3L)], await db.QueryAsync("SELECT id, v FROM tx_serial ORDER BY v"));

        // Rolled back: the sequence never existed.
        await db.RunAsync("BEGIN; CREATE SEQUENCE tx_gone; SELECT nextval('tx_gone'); ROLLBACK");
        await db.FailAsync("42P01", "SELECT nextval('tx_gone')");
    }

    [Fact]
    public async Task Values_Are_Not_Given_Back_On_Rollback()
    {
        await db.RunAsync("CREATE SEQUENCE seq_rollback");
        await db.RunAsync("BEGIN; SELECT nextval('seq_rollback'); ROLLBACK");
        Assert.Equal([Row(2L)], await db.QueryAsync("SELECT nextval('seq_rollback')"));
    }

    [Fact]
    public async Task Wrong_Objects_And_Missing_Sequences_Get_Their_Codes()
    {
        await db.RunAsync("CREATE TABLE not_a_seq (id int)");
        await db.FailAsync("42809", "SELECT nextval('not_a_seq')");
        await db.FailAsync("42809", "DROP SEQUENCE not_a_seq");
        await db.FailAsync("42P01", "DROP SEQUENCE no_such_seq");
        await db.RunAsync("DROP SEQUENCE IF EXISTS no_such_seq");
        await db.FailAsync("0A000", "SELECT nextval(v) FROM (VALUES ('x')) AS q(v)");
        await db.RunAsync("CREATE SEQUENCE \"MixedCase\"");
        Assert.Equal([Row(1L)], await db.QueryAsync("SELECT nextval('\"MixedCase\"')"));
        Assert.Equal([Row(1L)], await db.QueryAsync("CREATE SEQUENCE lower_seq; SELECT nextval('LOWER_SEQ'::regclass)"));
    }

    [Fact]
    public async Task Adding_A_Column_With_A_Nextval_Default_Numbers_The_Existing_Rows()
    {
        await db.RunAsync("CREATE TABLE add_seq_col (k text PRIMARY KEY); INSERT INTO add_seq_col VALUES ('a'), ('b'), ('c')");
        await db.RunAsync("CREATE SEQUENCE add_seq; ALTER TABLE add_seq_col ADD COLUMN n bigint DEFAULT nextval('add_seq')");
        var numbers = (await db.QueryAsync("SELECT n FROM add_seq_col ORDER BY n")).Select(r => (long)r[0]!).ToList();
        Assert.Equal([1L, 2L, 3L], numbers);
    }
}
