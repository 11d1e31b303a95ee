using OrleansDb.Sql;
using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class BinderTests
{
    private static readonly TestCatalog Catalog = new(
        "CREATE TABLE t (id integer PRIMARY KEY, v text, n integer NOT NULL DEFAULT 7, s smallint, b bigint, f double precision, ok boolean)",
        "CREATE TABLE pairs (a int, b text, PRIMARY KEY (a, b))",
        "CREATE TABLE heap (x int)");

    private static BoundStatement Bind(string sql, params Value[] parameters) =>
        new Binder(Catalog, parameters).Bind(Parser.ParseSingle(sql));

    private static LogicalNode BindQuery(string sql, params Value[] parameters) =>
        Assert.IsType<BoundQuery>(Bind(sql, parameters)).Root;

    private static SqlException BindError(string sqlState, string sql, params Value[] parameters)
    {
        var e = Assert.Throws<SqlException>(() => Bind(sql, parameters));
        Assert.Equal(sqlState, e.SqlState);
        return e;
    }

    [Theory]
    [InlineData("SELECT * FROM nope", 15)]
    [InlineData("INSERT INTO nope VALUES (1)", 13)]
    [InlineData("UPDATE nope SET a = 1", 8)]
    [InlineData("DELETE FROM nope", 13)]
    [InlineData("DROP TABLE nope", 12)]
    [InlineData("SELECT * FROM other.t", 15)]
    [InlineData("SELECT t.id FROM t AS u", 8)]
    public void Undefined_Table_Is_Error_42P01_At_Its_Name(string sql, int position)
    {
        Assert.Equal(position, BindError(SqlState.UndefinedTable, sql).Position);
    }

    [Fact]
    public void Drop_Table_If_Exists_Of_A_Missing_Table_Binds()
    {
        var drop = Assert.IsType<BoundDropTable>(Bind("DROP TABLE IF EXISTS nope, t"));
        Assert.Equal(["nope"], drop.Missing);
        Assert.Equal("t", Assert.Single(drop.Tables).Name);
    }

    [Fact]
    public void Qualifier_Not_In_From_Is_Error_42P01()
    {
        var e = BindError(SqlState.UndefinedTable, "SELECT x.id FROM t");
        Assert.Equal("missing FROM-clause entry for table \"x\"", e.Message);
    }

    [Theory]
    [InlineData("SELECT nope FROM t", 8)]
    [InlineData("SELECT t.nope FROM t", 8)]
    [InlineData("SELECT id FROM t WHERE nope = 1", 24)]
    [InlineData("SELECT id FROM t ORDER BY nope", 27)]
    [InlineData("UPDATE t SET nope = 1", 14)]
    [InlineData("UPDATE t SET v = nope", 18)]
    [InlineData("DELETE FROM t WHERE nope", 21)]
    [InlineData("SELECT rowid FROM heap", 8)]
    public void Undefined_Column_Is_Error_42703_At_Its_Reference(string sql, int position)
    {
        Assert.Equal(position, BindError(SqlState.UndefinedColumn, sql).Position);
    }

    [Fact]
    public void Insert_Into_Missing_Column_Is_Error_42703()
    {
        BindError(SqlState.UndefinedColumn, "INSERT INTO t (id, nope) VALUES (1, 2)");
    }

    [Fact]
    public void Ambiguous_Column_Across_Relations_Is_Error_42702()
    {
        var scope = new BindScope();
        scope.AddRelation("a", [("id", SqlType.Integer, false)]);
        scope.AddRelation("b", [("id", SqlType.Integer, false)]);
        var e = Assert.Throws<SqlException>(() => scope.Resolve(null, "id", 7));
        Assert.Equal(SqlState.AmbiguousColumn, e.SqlState);
        Assert.Equal(8, e.Position);
        Assert.Equal(1, scope.Resolve("b", "id", 0).Ordinal);
    }

    [Fact]
    public void Ambiguous_Order_By_Output_Name_Is_Error_42702()
    {
        var e = BindError(SqlState.AmbiguousColumn, "SELECT id AS x, v AS x FROM t ORDER BY x");
        Assert.Equal(40, e.Position);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE id", 23)]
    [InlineData("SELECT * FROM t WHERE v", 23)]
    [InlineData("DELETE FROM t WHERE 1", 21)]
    [InlineData("UPDATE t SET v = 'a' WHERE n + 1", 30)]
    [InlineData("SELECT * FROM t WHERE ok AND id", 30)]
    [InlineData("SELECT NOT id FROM t", 12)]
    public void Non_Boolean_Condition_Is_Error_42804(string sql, int position)
    {
        Assert.Equal(position, BindError(SqlState.DatatypeMismatch, sql).Position);
    }

    [Theory]
    [InlineData("INSERT INTO t (id) VALUES ('a' || 'b')")]
    [InlineData("INSERT INTO t (id, v) VALUES (1, 'x'), ('2' || '', 'y')")]
    [InlineData("INSERT INTO t (id, ok) VALUES (1, 5)")]
    [InlineData("INSERT INTO t (id) VALUES (true)")]
    [InlineData("UPDATE t SET n = v")]
    public void Assigning_An_Incompatible_Typed_Expression_Is_Error_42804(string sql)
    {
        var e = BindError(SqlState.DatatypeMismatch, sql);
        Assert.Contains("but expression is of type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assigning_A_Bad_Untyped_Literal_Is_Error_22P02()
    {
        var e = BindError(SqlState.InvalidTextRepresentation, "INSERT INTO t (id) VALUES ('abc')");
        Assert.Equal(28, e.Position);
    }

    [Fact]
    public void Assigning_Numbers_Across_Numeric_Types_Binds()
    {
        var insert = Assert.IsType<BoundInsert>(Bind("INSERT INTO t (id, f, s, v) VALUES (1.0, 2, 3, 4)"));
        Assert.Equal("t", insert.Table.Name);
    }

    [Theory]
    [InlineData("SELECT v + 1 FROM t", "operator does not exist: text + integer", 10)]
    [InlineData("SELECT 1 - v FROM t", "operator does not exist: integer - text", 10)]
    [InlineData("SELECT ok * 2 FROM t", "operator does not exist: boolean * integer", 11)]
    [InlineData("SELECT v = 1 FROM t", "operator does not exist: text = integer", 10)]
    [InlineData("SELECT id < ok FROM t", "operator does not exist: integer < boolean", 11)]
    [InlineData("SELECT -v FROM t", "operator does not exist: - text", 8)]
    public void Operator_On_Mismatched_Types_Is_Error_42883(string sql, string message, int position)
    {
        var e = BindError(SqlState.UndefinedFunction, sql);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Like_On_An_Integer_Is_Error_42883()
    {
        BindError(SqlState.UndefinedFunction, "SELECT id LIKE '1%' FROM t");
    }

    [Fact]
    public void Unknown_Function_Is_Error_42883()
    {
        Assert.Equal("function nope(integer) does not exist", BindError(SqlState.UndefinedFunction, "SELECT nope(id) FROM t").Message);
    }

    [Theory]
    [InlineData("1", SqlTypeId.Integer)]
    [InlineData("2147483647", SqlTypeId.Integer)]
    [InlineData("-2147483648", SqlTypeId.Integer)]
    [InlineData("2147483648", SqlTypeId.BigInt)]
    [InlineData("-2147483649", SqlTypeId.BigInt)]
    [InlineData("9223372036854775807", SqlTypeId.BigInt)]
    [InlineData("1.5", SqlTypeId.Numeric)]
    [InlineData("1e3", SqlTypeId.Numeric)]
    [InlineData("'x'", SqlTypeId.Text)]
    [InlineData("NULL", SqlTypeId.Text)]
    [InlineData("true", SqlTypeId.Boolean)]
    [InlineData("1 + 1", SqlTypeId.Integer)]
    [InlineData("1 + 2147483648", SqlTypeId.BigInt)]
    [InlineData("s + s", SqlTypeId.SmallInt)]
    [InlineData("s + 1", SqlTypeId.Integer)]
    [InlineData("id + b", SqlTypeId.BigInt)]
    [InlineData("id * f", SqlTypeId.Double)]
    [InlineData("id / 2", SqlTypeId.Integer)]
    [InlineData("2 ^ 3", SqlTypeId.Double)]
    [InlineData("v || id", SqlTypeId.Text)]
    [InlineData("id::bigint", SqlTypeId.BigInt)]
    [InlineData("id = 1", SqlTypeId.Boolean)]
    [InlineData("COALESCE(s, b)", SqlTypeId.BigInt)]
    [InlineData("CASE WHEN ok THEN 1 ELSE 2.5 END", SqlTypeId.Numeric)]
    public void Expressions_Are_Typed_As_PostgreSQL_Types_Them(string expr, SqlTypeId type)
    {
        var root = BindQuery($"SELECT {expr} FROM t");
        Assert.Equal(type, Assert.Single(root.Columns).Type.Id);
    }

    [Theory]
    [InlineData("id", "id")]
    [InlineData("t.v", "v")]
    [InlineData("id + 1", "?column?")]
    [InlineData("id AS x", "x")]
    [InlineData("id x", "x")]
    [InlineData("CAST(id AS bigint)", "id")]
    [InlineData("1::integer", "int4")]
    [InlineData("upper(v)", "upper")]
    [InlineData("CASE WHEN ok THEN 1 END", "case")]
    [InlineData("true", "bool")]
    [InlineData("\"ID\"", "ID")]
    public void Output_Columns_Are_Named_As_PostgreSQL_Names_Them(string item, string name)
    {
        var catalog = new TestCatalog("CREATE TABLE t (id int, \"ID\" int, v text, ok boolean)");
        var root = Assert.IsType<BoundQuery>(new Binder(catalog, []).Bind(Parser.ParseSingle($"SELECT {item} FROM t"))).Root;
        Assert.Equal(name, Assert.Single(root.Columns).Name);
    }

    [Fact]
    public void Select_Star_Skips_The_Hidden_Row_Id()
    {
        Assert.Equal(["x"], BindQuery("SELECT * FROM heap").Columns.Select(c => c.Name));
        Assert.Equal(["x", "rowid"], Catalog["heap"].Columns.Select(c => c.Name));
        Assert.True(Catalog["heap"].HasHiddenRowId);
    }

    [Theory]
    [InlineData("SELECT id FROM t ORDER BY 2", 27)]
    [InlineData("SELECT id FROM t ORDER BY 0", 27)]
    [InlineData("SELECT id, v FROM t ORDER BY 1, 3", 33)]
    public void Order_By_Position_Out_Of_Range_Is_Error_42P10(string sql, int position)
    {
        var e = BindError(SqlState.InvalidColumnReference, sql);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Order_By_An_Expression_Not_Selected_With_Distinct_Is_Error_42P10()
    {
        BindError(SqlState.InvalidColumnReference, "SELECT DISTINCT v FROM t ORDER BY id");
    }

    [Fact]
    public void Order_By_An_Expression_Not_Selected_Sorts_On_A_Hidden_Column_Then_Trims_It()
    {
        var root = BindQuery("SELECT v FROM t ORDER BY id + 1");
        var trim = Assert.IsType<LogicalTrim>(root);
        Assert.Equal(1, trim.VisibleCount);
        Assert.Equal(["v"], root.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Order_By_Nulls_Defaults_To_Last_Ascending_And_First_Descending()
    {
        var sort = Assert.IsType<LogicalSort>(BindQuery("SELECT id, v FROM t ORDER BY 1, 2 DESC, id NULLS FIRST, v DESC NULLS LAST"));
        Assert.Equal([false, true, true, false], sort.Keys.Select(k => k.NullsFirst));
        Assert.Equal([false, true, false, true], sort.Keys.Select(k => k.Descending));
    }

    [Fact]
    public void Insert_Fills_Defaults_And_Nulls_For_Missing_Columns()
    {
        var insert = Assert.IsType<BoundInsert>(Bind("INSERT INTO t (v, id) VALUES ('a', 1)"));
        var values = Assert.IsType<LogicalValues>(insert.Source);
        Assert.Equal(["1", "'a'", "7", "NULL", "NULL", "NULL", "NULL"], Assert.Single(values.Rows).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("INSERT INTO t (id) VALUES (1, 2)")]
    [InlineData("INSERT INTO t (id, v) VALUES (1)")]
    public void Insert_Row_Width_Must_Match_The_Column_List_42601(string sql)
    {
        BindError(SqlState.SyntaxError, sql);
    }

    [Fact]
    public void Insert_Without_Column_List_May_Give_Only_The_First_Columns()
    {
        var insert = Assert.IsType<BoundInsert>(Bind("INSERT INTO t VALUES (1, 'a')"));
        var values = Assert.IsType<LogicalValues>(insert.Source);
        Assert.Equal(["1", "'a'", "7", "NULL", "NULL", "NULL", "NULL"], Assert.Single(values.Rows).Select(e => e.ToString()));
    }

    [Fact]
    public void Insert_Select_With_Fewer_Columns_Than_The_Column_List_Is_Error_42601()
    {
        BindError(SqlState.SyntaxError, "INSERT INTO t (id, v) SELECT 1");
    }

    [Fact]
    public void Insert_Naming_A_Column_Twice_Is_Error_42701()
    {
        BindError(SqlState.DuplicateColumn, "INSERT INTO t (id, id) VALUES (1, 2)");
    }

    [Fact]
    public void Missing_Parameter_Is_Error_42P02()
    {
        BindError(SqlState.UndefinedParameter, "SELECT * FROM t WHERE id = $2", Value.FromInteger(1));
    }

    [Theory]
    [InlineData(1L, SqlTypeId.BigInt)]
    [InlineData(1.5, SqlTypeId.Double)]
    [InlineData(true, SqlTypeId.Boolean)]
    public void Parameters_Take_The_Type_Of_Their_Value(object value, SqlTypeId type)
    {
        var root = BindQuery("SELECT $1 FROM t", Value.FromObject(value));
        Assert.Equal(type, Assert.Single(root.Columns).Type.Id);
    }

    [Fact]
    public void Text_Parameter_Takes_The_Type_Its_Context_Needs()
    {
        var root = BindQuery("SELECT id + $1 FROM t", Value.FromText("5"));
        Assert.Equal(SqlTypeId.Integer, Assert.Single(root.Columns).Type.Id);
    }

    [Theory]
    [InlineData("CREATE TABLE t2 (a int, a text)", SqlState.DuplicateColumn)]
    [InlineData("CREATE TABLE t2 (a int, PRIMARY KEY (b))", SqlState.UndefinedColumn)]
    [InlineData("CREATE TABLE t2 (a int, PRIMARY KEY (a, a))", SqlState.DuplicateColumn)]
    [InlineData("CREATE TABLE t2 (a money)", SqlState.UndefinedObjectType)]
    [InlineData("CREATE TABLE other.t2 (a int)", SqlState.InvalidSchemaName)]
    [InlineData("CREATE TABLE t2 (a int DEFAULT 'x')", SqlState.InvalidTextRepresentation)]
    [InlineData("CREATE TABLE t2 (a int DEFAULT true)", SqlState.DatatypeMismatch)]
    [InlineData("CREATE TABLE t2 (a varchar(0))", SqlState.InvalidParameterValue)]
    public void Invalid_Table_Definitions_Are_Rejected(string sql, string sqlState)
    {
        BindError(sqlState, sql);
    }

    [Fact]
    public void Create_Table_Makes_Primary_Key_Columns_Not_Null_And_Keeps_Key_Order()
    {
        var table = Assert.IsType<BoundCreateTable>(Bind("CREATE TABLE t2 (a int, b text, c int, PRIMARY KEY (c, a))")).Table;
        Assert.Equal([2, 0], table.PrimaryKey);
        Assert.Equal([true, false, true], table.Columns.Select(c => c.NotNull));
        Assert.False(table.HasHiddenRowId);
    }

    [Fact]
    public void Create_Table_Stores_The_Default_As_Sql_Text_Coerced_To_The_Column()
    {
        var table = Assert.IsType<BoundCreateTable>(Bind("CREATE TABLE t2 (a bigint PRIMARY KEY DEFAULT 2 + 3, b text DEFAULT 'it''s')")).Table;
        Assert.Equal(["5", "'it''s'"], table.Columns.Select(c => c.DefaultSql));
    }

    [Fact]
    public void Constant_Errors_Surface_At_Bind_Time_With_A_Position()
    {
        var e = BindError(SqlState.DivisionByZero, "SELECT id FROM t WHERE id = 1 / 0");
        Assert.Equal(31, e.Position);
    }
}
