using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>CASE, COALESCE / NULLIF, LIKE / ILIKE, and the string and math functions, checked against PostgreSQL.</summary>
public sealed class ScalarExpressionTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task Searched_And_Simple_Case()
    {
        await db.RunAsync("CREATE TABLE case_rows (id integer PRIMARY KEY, v integer); INSERT INTO case_rows VALUES (1, 1), (2, 2), (3, NULL)");
        Assert.Equal(
            [Row(1L, "one"), Row(2L, "two"), Row(3L, "other")],
            await db.QueryAsync("SELECT id, CASE WHEN v = 1 THEN 'one' WHEN v = 2 THEN 'two' ELSE 'other' END FROM case_rows ORDER BY id"));
        Assert.Equal(
            [Row(1L, "one"), Row(2L, "two"), Row(3L, null)],
            await db.QueryAsync("SELECT id, CASE v WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM case_rows ORDER BY id"));
        Assert.Equal([Row(null, "b", "no")], await db.QueryAsync("SELECT CASE WHEN 1 = 0 THEN 1 END, CASE 2 WHEN 1 THEN 'a' ELSE 'b' END, CASE NULL WHEN NULL THEN 'null matched' ELSE 'no' END"));
    }

    [Fact]
    public async Task Coalesce_Takes_The_First_Non_Null_And_Nullif_Turns_Equal_Into_Null()
    {
        Assert.Equal([Row(3L, -1L, null, 1L, null)], await db.QueryAsync("SELECT coalesce(NULL, NULL, 3), coalesce(NULL::integer, -1), nullif(2, 2), nullif(1, 2), nullif(NULL, 1)"));
        Assert.Equal([Row("x")], await db.QueryAsync("SELECT coalesce(NULL, 'x', 'y')"));
    }

    [Theory]
    [InlineData("'abc' LIKE 'a%'", true)]
    [InlineData("'abc' LIKE '_b_'", true)]
    [InlineData("'abc' LIKE 'A%'", false)]
    [InlineData("'abc' ILIKE 'A%'", true)]
    [InlineData("'Hello' ILIKE 'h%O'", true)]
    [InlineData("'abc' NOT LIKE '%c'", false)]
    [InlineData("'abc' NOT ILIKE '%C'", false)]
    [InlineData(@"'a_c' LIKE 'a\_c'", true)]
    [InlineData(@"'abc' LIKE 'a\_c'", false)]
    [InlineData(@"'x%y' LIKE 'x\%y'", true)]
    [InlineData("'ab' LIKE 'a'", false)]
    [InlineData("'' LIKE '%'", true)]
    [InlineData("NULL LIKE 'a'", null)]
    [InlineData("'a' LIKE NULL", null)]
    public async Task Like_And_Ilike(string predicate, bool? expected)
    {
        Assert.Equal([Row(expected)], await db.QueryAsync("SELECT " + predicate));
    }

    [Theory]
    [InlineData("lower('HeLLo')", "hello")]
    [InlineData("upper('HeLLo')", "HELLO")]
    [InlineData("substr('hello', 2, 3)", "ell")]
    [InlineData("substr('hello', 3)", "llo")]
    [InlineData("substring('hello', 0, 3)", "he")]
    [InlineData("substr('hello', -1, 3)", "h")]
    [InlineData("substr('hello', 10)", "")]
    [InlineData("trim('  hi  ')", "hi")]
    [InlineData("ltrim('  x ')", "x ")]
    [InlineData("rtrim(' x  ')", " x")]
    [InlineData("replace('banana', 'an', 'AN')", "bANANa")]
    [InlineData("concat('a', NULL, 1, 2.50)", "a12.50")]
    [InlineData("'a' || 'b' || 1", "ab1")]
    [InlineData("'x' || 1.5 || true", "x1.5true")]
    [InlineData("'a' || NULL", null)]
    [InlineData("upper(NULL)", null)]
    public async Task String_Functions(string expression, string? expected)
    {
        Assert.Equal([Row(expected)], await db.QueryAsync("SELECT " + expression));
    }

    [Fact]
    public async Task Length_Counts_Characters()
    {
        Assert.Equal([Row(5L, 0L, 3L, 1L)], await db.QueryAsync("SELECT length('héllo'), length(''), char_length('abc'), length('\U0001F600')"));
    }

    [Fact]
    public async Task Concat_Writes_Booleans_As_T_And_F()
    {
        // concat uses the type's output form (boolout: t / f); a cast to text and || say true / false.
        Assert.Equal([Row("atf", "true", "xfalse")], await db.QueryAsync("SELECT concat('a', true, false), true::text, 'x' || false"));
    }

    [Fact]
    public async Task Integer_Math_Functions_Keep_Integers()
    {
        Assert.Equal([Row(7L, 2L, -1L, 1L, 2L, -2L, 3L, -3L)], await db.QueryAsync("SELECT abs(-7), mod(17, 5), mod(-7, 2), mod(7, -2), 17 % 5, -17 % 5, 7 / 2, -7 / 2"));
        await db.FailAsync(SqlState.DivisionByZero, "SELECT mod(1, 0)");
        await db.FailAsync(SqlState.NumericValueOutOfRange, "SELECT abs(-2147483648::integer)");
    }

    [Fact]
    public async Task Rounding_Functions_On_Numeric_Round_Half_Away_From_Zero()
    {
        Assert.Equal(
            [Row(7.5m, 7.5m, -8m, 1m, 8m, 7m, -7m, -8m, 7.46m, 1.235m)],
            await db.QueryAsync("SELECT abs(-7.5), round(7.45, 1), round(-7.5), round(0.5), ceil(7.1), floor(7.9), ceil(-7.1), floor(-7.9), round(7.455, 2), round(1.2345, 3)"));
    }

    [Fact]
    public async Task Rounding_Functions_On_Double_Round_Half_To_Even()
    {
        Assert.Equal([Row(2.0, 4.0, 3.0, -3.0)], await db.QueryAsync("SELECT round(2.5::float8), round(3.5::float8), ceil(2.1::float8), floor(-2.1::float8)"));
    }

    [Fact]
    public async Task Power_And_Sqrt_Of_Integers_Are_Double()
    {
        Assert.Equal([Row(1024.0, 9.0, 4.0, 0.0, Math.Sqrt(2))], await db.QueryAsync("SELECT power(2, 10), power(3, 2), sqrt(16), sqrt(0), sqrt(2)"));
        var e = await db.FailAsync("2201F", "SELECT sqrt(-1)");
        Assert.Equal("cannot take square root of a negative number", e.Message);
    }

    [Fact]
    public async Task Power_And_Sqrt_Of_Numeric_Are_Numeric()
    {
        var result = (await db.RunAsync("SELECT sqrt(2.25), power(2.0, 3), pow(2, 0.5), exp(1.0), ln(2.0), log(100.0), log(2, 8), 2.0 ^ 3"))[0];
        Assert.Equal(["numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"], result.Columns.Select(c => c.Type));
        Assert.Equal([Row(1.5m, 8m, 1.4142135623730950m, 2.7182818284590452m, 0.6931471805599453m, 2m, 3m, 8m)], result.Rows);
        var doubles = (await db.RunAsync("SELECT exp(0), ln(1), log(1000), power(2, 3), 2 ^ 3"))[0];
        Assert.Equal(["double precision", "double precision", "double precision", "double precision", "double precision"], doubles.Columns.Select(c => c.Type));
        Assert.Equal([Row(1.0, 0.0, 3.0, 8.0, 8.0)], doubles.Rows);
    }
}
