using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using OrleansDb.Sql.Execution;
using OrleansDb.Tests.Engine;
using Xunit;

namespace OrleansDb.Tests.Transactions;

/// <summary>
/// Plans are reused per statement text and re-planned when the catalog they were bound against changed:
/// a cached plan never runs against a table whose definition moved on.
/// </summary>
public sealed class PlanCacheTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    private static object?[] Row(params object?[] values) => values;

    private PlanCache Cache => db.Cluster.SiloService<EnginePlanCache>(0).Cache!;

    [Fact]
    public async Task The_Same_Statement_Text_Reuses_Its_Plan()
    {
        await db.RunAsync("CREATE TABLE pc_reuse (id int PRIMARY KEY, v text); INSERT INTO pc_reuse VALUES (1, 'a'), (2, 'b')");
        await db.QueryAsync("SELECT v FROM pc_reuse WHERE id = $1", 1);
        long hits = Cache.Hits;
        Assert.Equal([Row("b")], await db.QueryAsync("SELECT v FROM pc_reuse WHERE id = $1", 2));
        Assert.True(Cache.Hits > hits);
    }

    [Fact]
    public async Task A_Plan_Made_Before_Add_Column_Is_Replanned_And_Sees_The_Default()
    {
        await db.RunAsync("CREATE TABLE pc_add (id int PRIMARY KEY); INSERT INTO pc_add VALUES (1)");
        Assert.Equal([Row(1L)], await db.QueryAsync("SELECT * FROM pc_add"));
        await db.RunAsync("INSERT INTO pc_add VALUES ($1)", 2);
        long replans = Cache.Replans;

        await db.RunAsync("ALTER TABLE pc_add ADD COLUMN c int DEFAULT 5");
        await db.RunAsync("INSERT INTO pc_add VALUES ($1)", 3);
        Assert.Equal([Row(1L, 5L), Row(2L, 5L), Row(3L, 5L)], await db.QueryAsync("SELECT * FROM pc_add"));
        Assert.True(Cache.Replans >= replans + 2);
    }

    [Fact]
    public async Task A_Name_That_Now_Means_Another_Table_Is_Replanned()
    {
        await db.RunAsync("CREATE TABLE pc_swap (id int PRIMARY KEY, v int); INSERT INTO pc_swap VALUES (1, 10)");
        Assert.Equal([Row(1L, 10L)], await db.QueryAsync("SELECT * FROM pc_swap ORDER BY 1"));
        await db.RunAsync("DROP TABLE pc_swap; CREATE TABLE pc_swap (k text PRIMARY KEY); INSERT INTO pc_swap VALUES ('x')");
        Assert.Equal([Row("x")], await db.QueryAsync("SELECT * FROM pc_swap ORDER BY 1"));
        await db.RunAsync("DROP TABLE pc_swap");
        await db.FailAsync("42P01", "SELECT * FROM pc_swap ORDER BY 1");
    }

    [Fact]
    public async Task A_New_Index_Replans_Queries_On_Its_Table()
    {
        await db.RunAsync("CREATE TABLE pc_index (id int PRIMARY KEY, v int); INSERT INTO pc_index VALUES (1, 10), (2, 20)");
        const string query = "EXPLAIN SELECT id FROM pc_index WHERE v = 20";
        Assert.DoesNotContain(await db.QueryAsync(query), r => ((string)r[0]!).Contains("pc_index_v", StringComparison.Ordinal));
        await db.RunAsync("CREATE INDEX pc_index_v ON pc_index (v)");
        Assert.Contains(await db.QueryAsync(query), r => ((string)r[0]!).Contains("pc_index_v", StringComparison.Ordinal));
        Assert.Equal([Row(2L)], await db.QueryAsync("SELECT id FROM pc_index WHERE v = 20"));
    }

    [Fact]
    public async Task Parameters_Of_Different_Kinds_Get_Their_Own_Plans()
    {
        Assert.Equal([Row(3L)], await db.QueryAsync("SELECT $1 + 1", 2));
        Assert.Equal([Row(3.5)], await db.QueryAsync("SELECT $1 + 1", 2.5));
        Assert.Equal([Row("x")], await db.QueryAsync("SELECT $1 || ''", "x"));
    }

    [Fact]
    public async Task A_Transaction_Plans_Against_Its_Own_Uncommitted_Schema()
    {
        await db.RunAsync("CREATE TABLE pc_tx (id int PRIMARY KEY); INSERT INTO pc_tx VALUES (1)");
        var grain = db.Cluster.Client.GetGrain<ISqlGrain>(0);
        string session = await grain.OpenSession();
        try
        {
            Assert.Equal([Row(1L)], await db.QueryAsync("SELECT * FROM pc_tx"));
            var altered = await grain.Execute(new SqlRequest { Sql = "BEGIN; ALTER TABLE pc_tx ADD COLUMN c text DEFAULT 'new'; SELECT * FROM pc_tx", Session = session });
            Assert.Null(altered.Error);
            Assert.Equal([Row(1L, "new")], altered.Results[^1].Rows);
            // Outside the transaction the table has not changed: the same text plans for the committed schema.
            Assert.Equal([Row(1L)], await db.QueryAsync("SELECT * FROM pc_tx"));
            var again = await grain.Execute(new SqlRequest { Sql = "SELECT * FROM pc_tx", Session = session });
            Assert.Equal([Row(1L, "new")], again.Results[^1].Rows);
        }
        finally
        {
            await grain.CloseSession(session);
        }
    }
}
