using OrleansDb.Sql;
using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>
/// Expression semantics, checked by binding SQL expressions over a row of typed columns and
/// evaluating them. Constants are folded by the binder, column references are evaluated at run time,
/// so each rule is checked both ways where it matters.
/// </summary>
public sealed class ExpressionTests
{
    private static readonly (string Name, SqlType Type)[] Columns =
    [
        ("p", SqlType.Boolean), ("q", SqlType.Boolean), ("i", SqlType.Integer), ("j", SqlType.Integer),
        ("s", SqlType.SmallInt), ("g", SqlType.BigInt), ("x", SqlType.Double), ("t", SqlType.Text),
    ];

    internal static BoundExpr Bind(string sql)
    {
        var scope = new BindScope();
        scope.AddRelation("r", Columns.Select(c => (c.Name, c.Type, false)));
        return new Binder(new TestCatalog(), []).BindExpr(Parser.ParseExpression(sql), scope);
    }

    internal static Value[] Row(params (string Column, object? Value)[] values)
    {
        var row = new Value[Columns.Length];
        foreach (var (column, value) in values) row[Array.FindIndex(Columns, c => c.Name == column)] = Value.FromObject(value);
        return row;
    }

    private static object? Eval(string sql, params (string Column, object? Value)[] values) =>
        Bind(sql).Evaluate(Row(values), EvalContext.Empty).ToObject();

    private static SqlException EvalError(string sqlState, string sql, params (string Column, object? Value)[] values)
    {
        var e = Assert.Throws<SqlException>(() => Eval(sql, values));
        Assert.Equal(sqlState, e.SqlState);
        return e;
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(true, null, null)]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    [InlineData(false, null, false)]
    [InlineData(null, true, null)]
    [InlineData(null, false, false)]
    [InlineData(null, null, null)]
    public void And_Is_Three_Valued(bool? p, bool? q, bool? result)
    {
        Assert.Equal(result, Eval("p AND q", ("p", p), ("q", q)));
        Assert.Equal(result, Eval($"{Literal(p)} AND {Literal(q)}"));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, null, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(false, null, null)]
    [InlineData(null, true, true)]
    [InlineData(null, false, null)]
    [InlineData(null, null, null)]
    public void Or_Is_Three_Valued(bool? p, bool? q, bool? result)
    {
        Assert.Equal(result, Eval("p OR q", ("p", p), ("q", q)));
        Assert.Equal(result, Eval($"{Literal(p)} OR {Literal(q)}"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(null, null)]
    public void Not_Is_Three_Valued(bool? p, bool? result)
    {
        Assert.Equal(result, Eval("NOT p", ("p", p)));
        Assert.Equal(result, Eval($"NOT {Literal(p)}"));
    }

    private static string Literal(bool? b) => b switch { null => "NULL", true => "true", false => "false" };

    [Theory]
    [InlineData("i IS NULL", null, true)]
    [InlineData("i IS NULL", 1, false)]
    [InlineData("i IS NOT NULL", null, false)]
    [InlineData("i IS NOT NULL", 1, true)]
    [InlineData("i ISNULL", null, true)]
    [InlineData("i NOTNULL", 1, true)]
    [InlineData("(i > 0) IS TRUE", null, false)]
    [InlineData("(i > 0) IS NOT TRUE", null, true)]
    [InlineData("(i > 0) IS FALSE", 0, true)]
    [InlineData("(i > 0) IS NOT FALSE", null, true)]
    [InlineData("(i > 0) IS UNKNOWN", null, true)]
    [InlineData("(i > 0) IS NOT UNKNOWN", 1, true)]
    [InlineData("i IS DISTINCT FROM NULL", null, false)]
    [InlineData("i IS DISTINCT FROM NULL", 1, true)]
    [InlineData("i IS NOT DISTINCT FROM 1", 1, true)]
    [InlineData("i IS DISTINCT FROM 1.0", 1, false)]
    [InlineData("i = NULL", 1, null)]
    [InlineData("i = NULL", null, null)]
    public void Is_Tests_Are_Never_Null(string sql, object? i, bool? result)
    {
        Assert.Equal(result, Eval(sql, ("i", i)));
    }

    [Theory]
    [InlineData("7 / 2", 3L)]
    [InlineData("-7 / 2", -3L)]
    [InlineData("7 / -2", -3L)]
    [InlineData("-7 / -2", 3L)]
    [InlineData("7 % 3", 1L)]
    [InlineData("-7 % 3", -1L)]
    [InlineData("7 % -3", 1L)]
    [InlineData("-2147483648 % -1", 0L)]
    [InlineData("2 ^ 10", 1024.0)]
    [InlineData("1 + 2 * 3 - 4", 3L)]
    public void Arithmetic_On_Constants(string sql, object result)
    {
        Assert.Equal(result, Eval(sql));
    }

    [Theory]
    [InlineData(7, 2, 3L)]
    [InlineData(-7, 2, -3L)]
    [InlineData(7, -2, -3L)]
    [InlineData(-7, -2, 3L)]
    public void Integer_Division_Truncates_Toward_Zero(int i, int j, long result)
    {
        Assert.Equal(result, Eval("i / j", ("i", i), ("j", j)));
    }

    [Fact]
    public void Integer_Division_Of_Int_Min_By_Minus_One_Overflows_22003()
    {
        EvalError(SqlState.NumericValueOutOfRange, "i / j", ("i", int.MinValue), ("j", -1));
    }

    [Theory]
    [InlineData("1 / 0")]
    [InlineData("1 % 0")]
    [InlineData("1.5 / 0")]
    [InlineData("1 / 0.0")]
    [InlineData("mod(5, 0)")]
    public void Division_By_Zero_Is_Error_22012(string sql)
    {
        var e = EvalError(SqlState.DivisionByZero, sql);
        Assert.Equal("division by zero", e.Message);
    }

    [Theory]
    [InlineData("i / j")]
    [InlineData("i % j")]
    [InlineData("x / j")]
    public void Division_By_Zero_At_Run_Time_Is_Error_22012(string sql)
    {
        EvalError(SqlState.DivisionByZero, sql, ("i", 1), ("j", 0), ("x", 1.0));
    }

    [Fact]
    public void Division_By_Null_Is_Null_Not_An_Error()
    {
        Assert.Null(Eval("i / j", ("i", 1), ("j", null)));
    }

    [Theory]
    [InlineData("2147483647 + 1", "integer out of range")]
    [InlineData("-2147483648 - 1", "integer out of range")]
    [InlineData("65536 * 65536", "integer out of range")]
    [InlineData("-2147483648 / -1", "integer out of range")]
    [InlineData("9223372036854775807 + 1", "bigint out of range")]
    [InlineData("-9223372036854775807 - 2", "bigint out of range")]
    [InlineData("4611686018427387904 * 2", "bigint out of range")]
    [InlineData("32767::smallint + 1::smallint", "smallint out of range")]
    [InlineData("'40000'::smallint", "smallint out of range")]
    [InlineData("3000000000::integer", "integer out of range")]
    [InlineData("'9223372036854775808'::bigint", "bigint out of range")]
    [InlineData("1e300 * 1e300", "value out of range: overflow")]
    public void Overflow_Is_Error_22003(string sql, string message)
    {
        Assert.Equal(message, EvalError(SqlState.NumericValueOutOfRange, sql).Message);
    }

    [Theory]
    [InlineData("i + j", "integer out of range")]
    [InlineData("i * j", "integer out of range")]
    [InlineData("-i", "integer out of range")]
    [InlineData("abs(i)", "integer out of range")]
    [InlineData("s + s", "smallint out of range")]
    [InlineData("g + g", "bigint out of range")]
    [InlineData("g * j", "bigint out of range")]
    public void Overflow_At_Run_Time_Is_Error_22003(string sql, string message)
    {
        var e = EvalError(SqlState.NumericValueOutOfRange, sql,
            ("i", int.MinValue), ("j", int.MinValue), ("s", (long)short.MaxValue), ("g", long.MaxValue));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Smallint_Times_Integer_Widens_To_Integer()
    {
        Assert.Equal(40000L, Eval("s * 2", ("s", 20000L)));
    }

    [Theory]
    [InlineData("1 = 1.0", true)]
    [InlineData("2 > 1.5", true)]
    [InlineData("1.5 < 2", true)]
    [InlineData("i < x", true)]
    [InlineData("i = x", false)]
    [InlineData("x > i", true)]
    [InlineData("g >= i", true)]
    [InlineData("s < g", true)]
    [InlineData("i <> 1.0", false)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("t = 'x'", true)]
    [InlineData("true > false", true)]
    public void Comparisons_Mix_Numeric_Types_By_Value(string sql, bool result)
    {
        Assert.Equal(result, Eval(sql, ("i", 1), ("x", 1.5), ("g", 5L), ("s", 2L), ("t", "x")));
    }

    [Theory]
    [InlineData("CASE WHEN true THEN 1 ELSE 2 END", 1L)]
    [InlineData("CASE WHEN NULL THEN 1 ELSE 2 END", 2L)]
    [InlineData("CASE WHEN false THEN 1 END", null)]
    [InlineData("CASE WHEN i > 5 THEN 'big' WHEN i > 0 THEN 'small' ELSE 'none' END", "small")]
    [InlineData("CASE i WHEN 1 THEN 'one' WHEN 3 THEN 'three' END", "three")]
    [InlineData("CASE i WHEN 2 THEN 'two' ELSE 'other' END", "other")]
    [InlineData("CASE j WHEN NULL THEN 'null' ELSE 'not equal' END", "not equal")]
    public void Case_Picks_The_First_True_Branch(string sql, object? result)
    {
        Assert.Equal(result, Eval(sql, ("i", 3), ("j", null)));
    }

    [Fact]
    public void Case_Does_Not_Evaluate_Branches_It_Does_Not_Take()
    {
        Assert.Equal(0L, Eval("CASE WHEN j = 0 THEN 0 ELSE i / j END", ("i", 1), ("j", 0)));
    }

    [Theory]
    [InlineData("COALESCE(NULL, NULL, 3, 4)", 3L)]
    [InlineData("COALESCE(NULL, NULL)", null)]
    [InlineData("COALESCE(j, i)", 3L)]
    [InlineData("COALESCE(i, j)", 3L)]
    [InlineData("COALESCE(t, 'dflt')", "dflt")]
    public void Coalesce_Returns_The_First_Non_Null(string sql, object? result)
    {
        Assert.Equal(result, Eval(sql, ("i", 3), ("j", null)));
    }

    [Fact]
    public void Coalesce_Does_Not_Evaluate_Arguments_After_The_First_Non_Null()
    {
        Assert.Equal(1L, Eval("COALESCE(i, i / j)", ("i", 1), ("j", 0)));
    }

    [Theory]
    [InlineData("NULLIF(1, 1)", null)]
    [InlineData("NULLIF(1, 2)", 1L)]
    [InlineData("NULLIF(NULL, 1)", null)]
    [InlineData("NULLIF(1, NULL)", 1L)]
    [InlineData("NULLIF('a', 'a')", null)]
    [InlineData("NULLIF(i, 3)", null)]
    [InlineData("NULLIF(i, 4)", 3L)]
    public void Nullif_Returns_Null_When_Equal(string sql, object? result)
    {
        Assert.Equal(result, Eval(sql, ("i", 3)));
    }

    [Theory]
    [InlineData("1 IN (1, 2)", true)]
    [InlineData("3 IN (1, 2)", false)]
    [InlineData("1 IN (1, NULL)", true)]
    [InlineData("2 IN (1, NULL)", null)]
    [InlineData("1 NOT IN (1, NULL)", false)]
    [InlineData("2 NOT IN (1, NULL)", null)]
    [InlineData("3 NOT IN (1, 2)", true)]
    [InlineData("NULL IN (1, 2)", null)]
    [InlineData("NULL NOT IN (1, 2)", null)]
    [InlineData("1 IN (1.0, 2)", true)]
    [InlineData("'b' IN ('a', 'b')", true)]
    [InlineData("j IN (1, 2)", null)]
    [InlineData("i IN (j, 3)", true)]
    [InlineData("i IN (j, 4)", null)]
    public void In_List_Follows_Null_Rules(string sql, bool? result)
    {
        Assert.Equal(result, Eval(sql, ("i", 3), ("j", null)));
    }

    [Theory]
    [InlineData("'abc' LIKE 'a%'", true)]
    [InlineData("'abc' LIKE 'a_c'", true)]
    [InlineData("'abc' LIKE 'a_'", false)]
    [InlineData("'abc' LIKE '%c'", true)]
    [InlineData("'abc' LIKE '%b%'", true)]
    [InlineData("'abc' LIKE 'abc'", true)]
    [InlineData("'abc' LIKE 'ab'", false)]
    [InlineData("'abc' LIKE 'A%'", false)]
    [InlineData("'abc' ILIKE 'A%'", true)]
    [InlineData("'abc' NOT LIKE 'a%'", false)]
    [InlineData("'abc' NOT ILIKE 'X%'", true)]
    [InlineData("'a%c' LIKE 'a\\%c'", true)]
    [InlineData("'abc' LIKE 'a\\%c'", false)]
    [InlineData("'a_c' LIKE 'a\\_c'", true)]
    [InlineData("'' LIKE '%'", true)]
    [InlineData("'abc' LIKE ''", false)]
    [InlineData("'aXbXc' LIKE '%X%X%'", true)]
    [InlineData("NULL LIKE 'a'", null)]
    [InlineData("'a' LIKE NULL", null)]
    [InlineData("t LIKE 'h%o'", true)]
    public void Like_Matches_Percent_And_Underscore(string sql, bool? result)
    {
        Assert.Equal(result, Eval(sql, ("t", "hello")));
    }

    [Theory]
    [InlineData("'abc'::integer", "invalid input syntax for type integer: \"abc\"")]
    [InlineData("'1.5'::integer", "invalid input syntax for type integer: \"1.5\"")]
    [InlineData("''::integer", "invalid input syntax for type integer: \"\"")]
    [InlineData("'12a'::bigint", "invalid input syntax for type bigint: \"12a\"")]
    [InlineData("'x'::boolean", "invalid input syntax for type boolean: \"x\"")]
    [InlineData("'abc'::double precision", "invalid input syntax for type double precision: \"abc\"")]
    [InlineData("CAST('one' AS smallint)", "invalid input syntax for type smallint: \"one\"")]
    public void Casting_Bad_Text_Is_Error_22P02(string sql, string message)
    {
        Assert.Equal(message, EvalError(SqlState.InvalidTextRepresentation, sql).Message);
    }

    [Fact]
    public void Casting_Bad_Text_At_Run_Time_Is_Error_22P02()
    {
        EvalError(SqlState.InvalidTextRepresentation, "t::integer", ("t", "seven"));
    }

    [Theory]
    [InlineData("' 42 '::integer", 42L)]
    [InlineData("'-7'::bigint", -7L)]
    [InlineData("'+7'::smallint", 7L)]
    [InlineData("3.7::integer", 4L)]
    [InlineData("-3.7::integer", -4L)]
    [InlineData("true::integer", 1L)]
    [InlineData("'1e3'::double precision", 1000.0)]
    [InlineData("'  yes '::boolean", true)]
    [InlineData("'off'::boolean", false)]
    [InlineData("123::text", "123")]
    [InlineData("1.5::text", "1.5")]
    [InlineData("true::text", "true")]
    [InlineData("'abcdef'::varchar(3)", "abc")]
    [InlineData("NULL::integer", null)]
    [InlineData("CAST(7 AS double precision) / 2", 3.5)]
    public void Casts_Convert_As_PostgreSQL_Does(string sql, object? result)
    {
        Assert.Equal(result, Eval(sql));
    }

    [Fact]
    public void Decimal_Literals_Are_Exact()
    {
        Assert.Equal(true, Eval("0.1 + 0.2 = 0.3"));
        Assert.Equal(3L, Eval("2.5::integer"));
    }

    [Theory]
    [InlineData("'a' || 'b'", "ab")]
    [InlineData("t || 1", "x1")]
    [InlineData("t || NULL", null)]
    [InlineData("upper(t) || lower('Y')", "Xy")]
    [InlineData("length('héllo')", 5L)]
    [InlineData("substr('hello', 2, 3)", "ell")]
    [InlineData("substr('hello', 0, 2)", "h")]
    [InlineData("abs(-5)", 5L)]
    [InlineData("concat('a', NULL, 1)", "a1")]
    public void Functions_And_Concatenation(string sql, object? result)
    {
        Assert.Equal(result, Eval(sql, ("t", "x")));
    }

    /// <summary>Decimal literals are numeric, as in PostgreSQL, and so is arithmetic that mixes them with integers.</summary>
    [Theory]
    [InlineData("7.0 / 2", "3.5000000000000000")]
    [InlineData("7 / 2.0", "3.5000000000000000")]
    [InlineData("CASE WHEN i = 3 THEN 1 ELSE 2.5 END", "1")]
    [InlineData("COALESCE(j, 2.5)", "2.5")]
    [InlineData("round(2.5)", "3")]
    public void Decimal_Literals_Give_Numeric_Results(string sql, string expected)
    {
        var value = Assert.IsType<decimal>(Eval(sql, ("i", 3), ("j", null)));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void NaN_Equals_NaN()
    {
        Assert.Equal(true, Eval("'NaN'::double precision = 'NaN'::double precision"));
    }

    [Theory]
    [InlineData("'NaN'::double precision > 1")]
    [InlineData("'NaN'::double precision > 'Infinity'::double precision")]
    [InlineData("1 < 'NaN'::double precision")]
    public void NaN_Sorts_Above_Every_Number(string sql)
    {
        Assert.Equal(true, Eval(sql));
    }

    [Theory]
    [InlineData("CAST(1e20 AS double precision)::text", "1e+20")]
    [InlineData("CAST(1e-5 AS double precision)::text", "1e-05")]
    public void Double_Exponents_Print_As_PostgreSQL_Prints_Them(string sql, string text)
    {
        Assert.Equal(text, Eval(sql));
    }

    [Fact]
    public void Real_Prints_Its_Shortest_Single_Precision_Form()
    {
        Assert.Equal("1.1", Eval("CAST(1.1 AS real)::text"));
    }

    [Fact]
    public void Real_Overflow_Is_Error_22003()
    {
        EvalError(SqlState.NumericValueOutOfRange, "CAST(3e38 AS real) * CAST(10 AS real)");
    }

    [Fact]
    public void Like_Pattern_Ending_In_The_Escape_Character_Is_Error_22025()
    {
        EvalError("22025", "'a\\' LIKE 'a\\'");
    }

    /// <summary>NUMERIC results have PostgreSQL's scale: at least 16 significant digits, never fewer decimals than an operand.</summary>
    [Theory]
    [InlineData("2 / 3.0", "0.66666666666666666667")]
    [InlineData("1::numeric / 3", "0.33333333333333333333")]
    [InlineData("1 / 4.0", "0.25000000000000000000")]
    [InlineData("10.5 / 3.25", "3.2307692307692308")]
    [InlineData("7.5 / 2.5", "3.0000000000000000")]
    [InlineData("123456789012345.0 / 7", "17636684144620.7143")]
    [InlineData("100000000000000000000.0 / 3", "33333333333333333333.3")]
    [InlineData("sqrt(2.25)", "1.500000000000000")]
    [InlineData("sqrt(2.0)", "1.414213562373095")]
    [InlineData("sqrt(0.0)", "0.000000000000000")]
    [InlineData("sqrt(12345678901234567890.0)", "3513641828.8201443")]
    [InlineData("power(2.0, 3)", "8.0000000000000000")]
    [InlineData("pow(2, 0.5)", "1.4142135623730950")]
    [InlineData("power(1.5, 10)", "57.6650390625000000")]
    [InlineData("power(-2.0, 3)", "-8.0000000000000000")]
    [InlineData("power(2.0, -2)", "0.2500000000000000")]
    [InlineData("power(0.0, 0)", "1.0000000000000000")]
    [InlineData("power(1.0001, 100000)", "22015.4560485521986457")]
    [InlineData("2.0 ^ 3", "8.0000000000000000")]
    [InlineData("exp(1.0)", "2.7182818284590452")]
    [InlineData("exp(0.0)", "1.0000000000000000")]
    [InlineData("exp(50.0)", "5184705528587072464087.5")]
    [InlineData("ln(2.0)", "0.6931471805599453")]
    [InlineData("ln(1.0)", "0.0000000000000000")]
    [InlineData("ln(1.0000000001)", "0.00000000009999999999500000")]
    [InlineData("log(100.0)", "2.0000000000000000")]
    [InlineData("log(1e-20)", "-20.00000000000000000000")]
    [InlineData("log(2.0, 8.0)", "3.0000000000000000")]
    [InlineData("log(2, 8)", "3.0000000000000000")]
    public void Numeric_Results_Have_PostgreSQLs_Scale(string sql, string text)
    {
        Assert.Equal(text, Eval($"({sql})::text"));
    }

    [Fact]
    public void Numeric_Division_Of_Columns_Has_PostgreSQLs_Scale()
    {
        Assert.Equal(0.66666666666666666667m, Eval("i::numeric / j", ("i", 2), ("j", 3)));
        Assert.Equal("0.66666666666666666667", Eval("(i::numeric / j)::text", ("i", 2), ("j", 3)));
    }

    [Theory]
    [InlineData("sqrt(2.25)", "numeric")]
    [InlineData("power(2.0, 3)", "numeric")]
    [InlineData("power(2, 0.5)", "numeric")]
    [InlineData("exp(1.0)", "numeric")]
    [InlineData("ln(2.0)", "numeric")]
    [InlineData("log(100.0)", "numeric")]
    [InlineData("log(2, 8)", "numeric")]
    [InlineData("2.0 ^ 3", "numeric")]
    [InlineData("sqrt(2)", "double precision")]
    [InlineData("exp(1)", "double precision")]
    [InlineData("ln(x)", "double precision")]
    [InlineData("log(100)", "double precision")]
    [InlineData("power(2, 3)", "double precision")]
    [InlineData("power(x, 0.5)", "double precision")]
    [InlineData("2 ^ 3", "double precision")]
    public void Math_Functions_Of_Numeric_Are_Numeric_And_Of_Other_Numbers_Double(string sql, string type)
    {
        Assert.Equal(type, Bind(sql).Type.Name);
    }

    [Theory]
    [InlineData("sqrt(-1.0)", "2201F", "cannot take square root of a negative number")]
    [InlineData("ln(0.0)", "2201E", "cannot take logarithm of zero")]
    [InlineData("ln(-1.0)", "2201E", "cannot take logarithm of a negative number")]
    [InlineData("ln(0::float8)", "2201E", "cannot take logarithm of zero")]
    [InlineData("log(-1::float8)", "2201E", "cannot take logarithm of a negative number")]
    [InlineData("log(1.0, 2.0)", "22012", "division by zero")]
    [InlineData("power(0.0, -1)", "2201F", "zero raised to a negative power is undefined")]
    [InlineData("power(0::float8, -1)", "2201F", "zero raised to a negative power is undefined")]
    [InlineData("power(-8.0, 0.5)", "2201F", "a negative number raised to a non-integer power yields a complex result")]
    [InlineData("(-8)::float8 ^ 0.5", "2201F", "a negative number raised to a non-integer power yields a complex result")]
    [InlineData("exp(-1000::float8)", "22003", "value out of range: underflow")]
    [InlineData("power(10::float8, 400)", "22003", "value out of range: overflow")]
    [InlineData("exp(100.0)", "22003", "value overflows numeric format")]
    public void Math_Function_Errors_Match_PostgreSQL(string sql, string sqlState, string message)
    {
        Assert.Equal(message, EvalError(sqlState, sql).Message);
    }

    [Theory]
    [InlineData("concat('a', true, false)", "atf")]
    [InlineData("concat(p, '/', q)", "t/f")]
    [InlineData("true::text", "true")]
    [InlineData("p::text", "true")]
    [InlineData("'x' || true", "xtrue")]
    public void Booleans_Are_T_And_F_In_Concat_But_True_And_False_As_Text(string sql, string text)
    {
        Assert.Equal(text, Eval(sql, ("p", true), ("q", false)));
    }

    [Theory]
    [InlineData("2023-02-29", "date", "22008", "date/time field value out of range: \"2023-02-29\"")]
    [InlineData("2024-13-01 00:00:00", "timestamp", "22008", "date/time field value out of range: \"2024-13-01 00:00:00\"")]
    [InlineData("2024-01-02 25:00:00", "timestamp", "22008", "date/time field value out of range: \"2024-01-02 25:00:00\"")]
    [InlineData("2024-01-02 03:60:00", "timestamp", "22008", "date/time field value out of range: \"2024-01-02 03:60:00\"")]
    [InlineData("2024-01-02 24:00:01", "timestamp", "22008", "date/time field value out of range: \"2024-01-02 24:00:01\"")]
    [InlineData("0000-01-01", "date", "22008", "date/time field value out of range: \"0000-01-01\"")]
    [InlineData("abc", "date", "22007", "invalid input syntax for type date: \"abc\"")]
    [InlineData("2024-01-02 noon", "timestamp", "22007", "invalid input syntax for type timestamp: \"2024-01-02 noon\"")]
    [InlineData(@"\xZZ", "bytea", "22023", "invalid hexadecimal digit: \"Z\"")]
    [InlineData(@"\x0Z", "bytea", "22023", "invalid hexadecimal digit: \"Z\"")]
    [InlineData(@"\x012", "bytea", "22023", "invalid hexadecimal data: odd number of digits")]
    [InlineData(@"a\9", "bytea", "22P02", "invalid input syntax for type bytea")]
    public void Bad_Date_Time_And_Bytea_Input_Errors_Match_PostgreSQL(string input, string type, string sqlState, string message)
    {
        Assert.Equal(message, EvalError(sqlState, $"'{input}'::{type}").Message);
        Assert.Equal(message, EvalError(sqlState, $"t::{type}", ("t", input)).Message);
    }

    [Theory]
    [InlineData("'2024-01-02 24:00:00'::timestamp", "2024-01-03 00:00:00")]
    [InlineData("'2024-01-02 23:59:60'::timestamp", "2024-01-03 00:00:00")]
    [InlineData("'2024-1-2'::date", "2024-01-02")]
    [InlineData("'20240102'::date", "2024-01-02")]
    [InlineData("'2024-01-02 03:04:05'::date", "2024-01-02")]
    [InlineData("'2024-01-02 03:04'::timestamp", "2024-01-02 03:04:00")]
    [InlineData("'2024-01-02 03:04:05.1234565'::timestamp", "2024-01-02 03:04:05.123456")]
    [InlineData(@"'\x 01 02'::bytea", @"\x0102")]
    [InlineData(@"'a\\b\101'::bytea", @"\x615c6241")]
    public void Date_Time_And_Bytea_Input_Reads_As_PostgreSQL_Reads_It(string sql, string text)
    {
        Assert.Equal(text, Eval($"({sql})::text"));
    }
}
