using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>CREATE / DROP SCHEMA, schema-qualified names, information_schema and SHOW TABLES.</summary>
public sealed class SchemaTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task Schema_Qualified_Tables_Are_Separate_From_Public_Ones()
    {
        await db.RunAsync("CREATE SCHEMA shop");
        await db.FailAsync(SqlState.DuplicateSchema, "CREATE SCHEMA shop");
        await db.RunAsync("CREATE SCHEMA IF NOT EXISTS shop");
        await db.RunAsync("CREATE TABLE shop.orders (id integer PRIMARY KEY, total integer); INSERT INTO shop.orders VALUES (1, 10), (2, 20)");
        await db.FailAsync(SqlState.UndefinedTable, "SELECT * FROM orders");
        await db.RunAsync("CREATE TABLE orders (id integer PRIMARY KEY, flag boolean); INSERT INTO public.orders VALUES (2, true)");
        Assert.Equal([Row(20L, true)], await db.QueryAsync("SELECT o.total, p.flag FROM shop.orders o JOIN public.orders p ON p.id = o.id"));
        Assert.Equal([Row(2L)], await db.QueryAsync("SELECT count(*) FROM shop.orders"));
        await db.FailAsync(SqlState.InvalidSchemaName, "CREATE TABLE nowhere.t (id integer)");
    }

    [Fact]
    public async Task Drop_Schema_Refuses_A_Non_Empty_Schema_With_2BP01()
    {
        await db.RunAsync("CREATE SCHEMA full_schema; CREATE TABLE full_schema.t (id integer PRIMARY KEY)");
        await db.FailAsync(SqlState.DependentObjectsStillExist, "DROP SCHEMA full_schema");
        await db.RunAsync("DROP TABLE full_schema.t");
        await db.RunAsync("DROP SCHEMA full_schema");
        await db.FailAsync(SqlState.InvalidSchemaName, "DROP SCHEMA full_schema");
        await db.RunAsync("DROP SCHEMA IF EXISTS full_schema");
        Assert.Empty(await db.QueryAsync("SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'full_schema'"));
    }

    [Fact]
    public async Task Information_Schema_Lists_Tables_Views_Columns_And_Schemata()
    {
        await db.RunAsync("CREATE SCHEMA info_s");
        await db.RunAsync("CREATE TABLE info_s.info_t (id integer PRIMARY KEY, n numeric(6,2), v varchar(10), d date, ts timestamp, b bytea, f double precision, big bigint, flag boolean NOT NULL)");
        await db.RunAsync("CREATE VIEW info_s.info_v AS SELECT id FROM info_s.info_t");
        Assert.Equal(
            [Row("info_s", "info_t", "BASE TABLE"), Row("info_s", "info_v", "VIEW")],
            await db.QueryAsync("SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'info_s' ORDER BY table_name"));
        Assert.Equal(
            [
                Row("id", "integer", 1L, "NO"), Row("n", "numeric", 2L, "YES"), Row("v", "character varying", 3L, "YES"),
                Row("d", "date", 4L, "YES"), Row("ts", "timestamp without time zone", 5L, "YES"), Row("b", "bytea", 6L, "YES"),
                Row("f", "double precision", 7L, "YES"), Row("big", "bigint", 8L, "YES"), Row("flag", "boolean", 9L, "NO"),
            ],
            await db.QueryAsync("SELECT column_name, data_type, ordinal_position, is_nullable FROM information_schema.columns WHERE table_schema = 'info_s' AND table_name = 'info_t' ORDER BY ordinal_position"));
        Assert.Equal(
            ["info_s", "public"],
            Column(await db.QueryAsync("SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('public', 'info_s', 'nope') ORDER BY schema_name")));
    }

    [Fact]
    public async Task Show_Tables_Lists_The_Base_Tables_Of_The_Public_Schema()
    {
        await db.RunAsync("CREATE TABLE show_t (id integer PRIMARY KEY); CREATE VIEW show_v AS SELECT id FROM show_t");
        await db.RunAsync("CREATE SCHEMA show_s; CREATE TABLE show_s.show_hidden (id integer)");
        var result = (await db.RunAsync("SHOW TABLES"))[0];
        Assert.Equal(["table_name"], result.Columns.Select(c => c.Name));
        var names = Column(result.Rows);
        Assert.Contains("show_t", names);
        Assert.DoesNotContain("show_v", names);
        Assert.DoesNotContain("show_hidden", names);
    }
}
