using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>Golden tests: each case is a statement and the plan EXPLAIN prints for it.</summary>
public sealed class PlannerTests
{
    private static readonly TestCatalog Catalog = new(
        "CREATE TABLE t (id integer PRIMARY KEY, v text, n integer)",
        "CREATE TABLE pairs (a integer, b integer, v text, PRIMARY KEY (a, b))",
        "CREATE TABLE names (name text PRIMARY KEY, n integer)",
        "CREATE TABLE heap (x integer)");

    private static StatementPlan Plan(string sql, params Value[] parameters) =>
        Planner.Plan(new Binder(Catalog, parameters).Bind(Parser.ParseSingle(sql)));

    private static string Explain(string sql, params Value[] parameters) => string.Join("\n", Plan(sql, parameters).Explain());

    [Theory]
    [InlineData("SELECT * FROM t WHERE id = 2",
        "Point Lookup on t (id = 2) filter: (id = 2) output: id, v, n")]
    [InlineData("SELECT v FROM t WHERE 2 = id",
        "Point Lookup on t (id = 2) filter: (2 = id) output: v")]
    [InlineData("SELECT v FROM t WHERE id = 2 AND n > 1",
        "Point Lookup on t (id = 2) filter: ((id = 2) AND (n > 1)) output: v")]
    [InlineData("SELECT v FROM t WHERE id > 5 AND id <= 10",
        "Range Scan on t (id > 5 AND id <= 10) filter: ((id > 5) AND (id <= 10)) output: v")]
    [InlineData("SELECT v FROM t WHERE 5 < id",
        "Range Scan on t (id > 5) filter: (5 < id) output: v")]
    [InlineData("SELECT v FROM t WHERE id BETWEEN 3 AND 7",
        "Range Scan on t (id >= 3 AND id <= 7) filter: ((id >= 3) AND (id <= 7)) output: v")]
    [InlineData("SELECT * FROM pairs WHERE a = 1",
        "Range Scan on pairs (a = 1) filter: (a = 1) output: a, b, v")]
    [InlineData("SELECT * FROM pairs WHERE a = 1 AND b >= 4",
        "Range Scan on pairs (a = 1 AND b >= 4) filter: ((a = 1) AND (b >= 4)) output: a, b, v")]
    [InlineData("SELECT * FROM pairs WHERE b = 1 AND a = 1",
        "Point Lookup on pairs (a = 1 AND b = 1) filter: ((b = 1) AND (a = 1)) output: a, b, v")]
    [InlineData("SELECT * FROM pairs WHERE b = 1",
        "Full Scan on pairs filter: (b = 1) output: a, b, v")]
    [InlineData("SELECT * FROM t",
        "Full Scan on t output: id, v, n")]
    [InlineData("SELECT v FROM t WHERE n = 2",
        "Full Scan on t filter: (n = 2) output: v")]
    [InlineData("SELECT v FROM t WHERE id = 2 OR id = 3",
        "Full Scan on t filter: ((id = 2) OR (id = 3)) output: v")]
    [InlineData("SELECT v FROM t WHERE id <> 2",
        "Full Scan on t filter: (id <> 2) output: v")]
    [InlineData("SELECT v FROM t WHERE id = 2.5",
        "Full Scan on t filter: (id = 2.5) output: v")]
    [InlineData("SELECT v FROM t WHERE id + 0 = 2",
        "Full Scan on t filter: ((id + 0) = 2) output: v")]
    [InlineData("SELECT v FROM t WHERE id = 3000000000",
        "Point Lookup on t (id = 3000000000) filter: (id = 3000000000) output: v")]
    [InlineData("SELECT n FROM names WHERE name = 'bob'",
        "Point Lookup on names (name = 'bob') filter: (name = 'bob') output: n")]
    [InlineData("SELECT v || '!' AS w, n * 2 FROM t WHERE n > 3",
        "Full Scan on t filter: (n > 3) output: (v || '!'), (n * 2)")]
    [InlineData("SELECT x FROM heap",
        "Full Scan on heap output: x")]
    [InlineData("SELECT x FROM heap AS h WHERE x = 1",
        "Full Scan on heap h filter: (x = 1) output: x")]
    public void Scan_Plans_Choose_The_Key_Range_And_Push_Filter_And_Projection(string sql, string plan)
    {
        Assert.Equal(plan, Explain(sql));
    }

    [Fact]
    public void Limit_Without_Order_By_Is_Capped_In_The_Scan()
    {
        Assert.Equal(
            """
            Limit: 5
            -> Full Scan on t output: id limit: 5
            """,
            Explain("SELECT id FROM t LIMIT 5"));
    }

    [Fact]
    public void Limit_With_Offset_Caps_The_Scan_At_Limit_Plus_Offset()
    {
        Assert.Equal(
            """
            Limit: 5 offset 10
            -> Range Scan on t (id > 1) filter: (id > 1) output: id limit: (5 + 10)
            """,
            Explain("SELECT id FROM t WHERE id > 1 LIMIT 5 OFFSET 10"));
    }

    [Fact]
    public void Offset_Without_Limit_Does_Not_Cap_The_Scan()
    {
        Assert.Equal(
            """
            Limit: ALL offset 3
            -> Full Scan on t output: id
            """,
            Explain("SELECT id FROM t OFFSET 3"));
    }

    [Fact]
    public void Limit_Above_A_Sort_Is_Not_Pushed_Into_The_Scan()
    {
        Assert.Equal(
            """
            Limit: 3
            -> Sort: id DESC
              -> Full Scan on t output: id, v
            """,
            Explain("SELECT id, v FROM t ORDER BY id DESC LIMIT 3"));
    }

    [Fact]
    public void Order_By_An_Unselected_Expression_Sorts_On_A_Hidden_Column_And_Trims_It()
    {
        Assert.Equal(
            """
            Trim: first 1 columns
            -> Sort: n NULLS FIRST
              -> Full Scan on t output: v, n
            """,
            Explain("SELECT v FROM t ORDER BY n NULLS FIRST"));
    }

    [Fact]
    public void Distinct_Runs_Above_The_Scan()
    {
        Assert.Equal(
            """
            Hash Distinct
            -> Full Scan on t output: n
            """,
            Explain("SELECT DISTINCT n FROM t"));
    }

    [Fact]
    public void Select_Without_From_Is_One_Values_Row()
    {
        Assert.Equal(
            """
            Project: (1 + $1)
            -> Values: 1 row
            """,
            Explain("SELECT 1 + $1", Value.FromInteger(2)));
    }

    [Fact]
    public void Parameter_On_The_Key_Is_A_Point_Lookup()
    {
        Assert.Equal("Point Lookup on t (id = $1) filter: (id = $1) output: v", Explain("SELECT v FROM t WHERE id = $1", Value.FromInteger(2)));
    }

    [Fact]
    public void Insert_Update_And_Delete_Plans()
    {
        Assert.Equal(
            """
            Insert on t
            -> Values: 2 rows
            """,
            Explain("INSERT INTO t VALUES (1, 'a', 2), (2, 'b', 3)"));
        Assert.Equal(
            """
            Update on t set v = 'x'
            -> Point Lookup on t (id = 2) filter: (id = 2)
            """,
            Explain("UPDATE t SET v = 'x' WHERE id = 2"));
        Assert.Equal(
            """
            Delete on t
            -> Range Scan on t (id < 3) filter: (id < 3)
            """,
            Explain("DELETE FROM t WHERE id < 3"));
        Assert.Equal(
            """
            Delete on t
            -> Full Scan on t
            """,
            Explain("DELETE FROM t"));
    }

    [Fact]
    public void Explain_Plans_The_Inner_Statement()
    {
        Assert.Equal(Explain("SELECT v FROM t WHERE id = 1"), Explain("EXPLAIN SELECT v FROM t WHERE id = 1"));
    }

    /// <summary>The encoded key range a scan reads, as the key values its bounds decode to.</summary>
    private static (byte[] Low, byte[]? High)? Range(string sql, params Value[] parameters)
    {
        var query = Assert.IsType<QueryPlan>(Plan(sql, parameters));
        var scan = Assert.IsType<AtomScanPlan>(query.Root);
        return scan.Range.Evaluate(new EvalContext(parameters));
    }

    private static byte[] Key(params long[] values) => KeyCodec.Encode(values.Select(Value.FromInteger).ToArray());

    [Fact]
    public void Point_Range_Covers_Exactly_The_Key()
    {
        var (low, high) = Range("SELECT v FROM t WHERE id = 2")!.Value;
        Assert.Equal(Key(2), low);
        Assert.Equal(Key(3), high);
    }

    [Fact]
    public void Exclusive_And_Inclusive_Bounds_Encode_As_Half_Open_Ranges()
    {
        var (low, high) = Range("SELECT v FROM t WHERE id > 5 AND id <= 10")!.Value;
        Assert.Equal(Key(6), low);
        Assert.Equal(Key(11), high);
        (low, high) = Range("SELECT v FROM t WHERE id >= 5 AND id < 10")!.Value;
        Assert.Equal(Key(5), low);
        Assert.Equal(Key(10), high);
    }

    [Fact]
    public void Composite_Prefix_Range_Covers_Every_Row_Of_The_Prefix()
    {
        var (low, high) = Range("SELECT v FROM pairs WHERE a = 1")!.Value;
        Assert.True(KeyCodec.Compare(low, Key(1, long.MinValue)) <= 0);
        Assert.True(KeyCodec.Compare(high!, Key(1, long.MaxValue)) > 0);
        Assert.True(KeyCodec.Compare(high!, Key(2, long.MinValue)) <= 0);
    }

    [Fact]
    public void Contradictory_Bounds_Read_Nothing()
    {
        Assert.Null(Range("SELECT v FROM t WHERE id > 10 AND id < 5"));
    }

    [Fact]
    public void Null_Parameter_On_The_Key_Reads_Nothing()
    {
        Assert.Null(Range("SELECT v FROM t WHERE id = $1", Value.Null));
    }
}
