using OrleansDb.Sql;
using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>DATE and TIMESTAMP (without time zone) as PostgreSQL defines them.</summary>
public sealed class DateTimeTypeTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    private static DateOnly Date(int y, int m, int d) => new(y, m, d);

    [Fact]
    public async Task Iso_Strings_Cast_To_Date_And_Timestamp()
    {
        var result = (await db.RunAsync("SELECT '2024-02-29'::date, '2024-01-02 03:04:05'::timestamp, '2024-01-02 03:04:05.123456'::timestamp, '2024-01-02'::timestamp, '2024-01-02T03:04:05'::timestamp"))[0];
        Assert.Equal(["date", "timestamp without time zone", "timestamp without time zone", "timestamp without time zone", "timestamp without time zone"], result.Columns.Select(c => c.Type));
        Assert.Equal(
            [Row(Date(2024, 2, 29), new DateTime(2024, 1, 2, 3, 4, 5), new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1_234_560), new DateTime(2024, 1, 2), new DateTime(2024, 1, 2, 3, 4, 5))],
            result.Rows);
    }

    [Fact]
    public async Task Typed_Literals_Date_And_Timestamp()
    {
        Assert.Equal(
            [Row(Date(2024, 1, 2), new DateTime(2024, 1, 2, 3, 4, 5))],
            await db.QueryAsync("SELECT DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05'"));
        var result = (await db.RunAsync("SELECT date '2024-01-02' + 1, TIMESTAMP WITHOUT TIME ZONE '2024-01-02', integer '7', double precision '1.5'"))[0];
        Assert.Equal(["?column?", "timestamp", "int4", "float8"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(Date(2024, 1, 3), new DateTime(2024, 1, 2), 7L, 1.5)], result.Rows);
        await db.RunAsync("CREATE TABLE dt_typed (id integer PRIMARY KEY, day date)");
        await db.RunAsync("INSERT INTO dt_typed VALUES (1, DATE '2024-01-02'), (2, DATE '2024-03-04')");
        Assert.Equal([2L], Column(await db.QueryAsync("SELECT id FROM dt_typed WHERE day > DATE '2024-02-01'")));
        await db.FailAsync("22007", "SELECT DATE 'not a date'");
        await db.FailAsync("22008", "SELECT DATE '2023-02-29'");
    }

    [Theory]
    [InlineData("SELECT INTERVAL '1 day'")]
    [InlineData("SELECT '1 day'::interval")]
    [InlineData("SELECT TIME '12:00'")]
    public async Task Interval_And_Time_Are_Not_Supported_0A000(string sql)
    {
        await db.FailAsync(SqlState.FeatureNotSupported, sql);
    }

    [Theory]
    [InlineData("SELECT 'not a date'::date")]
    [InlineData("SELECT 'noon'::timestamp")]
    [InlineData("INSERT INTO dt_bad VALUES (1, 'garbage')")]
    public async Task Text_That_Is_Not_A_Date_Is_Error_22007(string sql)
    {
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS dt_bad (id integer PRIMARY KEY, day date)");
        await db.FailAsync("22007", sql);
    }

    [Fact]
    public async Task A_Date_Field_Out_Of_Range_Is_Error_22008()
    {
        var e = await db.FailAsync("22008", "SELECT '2023-02-29'::date");
        Assert.Equal("date/time field value out of range: \"2023-02-29\"", e.Message);
        await db.FailAsync("22008", "SELECT '2024-13-01 00:00:00'::timestamp");
        await db.FailAsync("22008", "SELECT '2024-01-02 25:00:00'::timestamp");
    }

    [Fact]
    public async Task Date_Plus_Or_Minus_Integer_Is_A_Date_And_Date_Minus_Date_Is_Days()
    {
        var result = (await db.RunAsync("SELECT '2024-02-28'::date + 1, 2 + '2024-02-28'::date, '2024-03-01'::date - 1, '2024-03-01'::date - '2024-01-01'::date, '2000-03-01'::date - '2000-02-01'::date"))[0];
        Assert.Equal(["date", "date", "date", "integer", "integer"], result.Columns.Select(c => c.Type));
        Assert.Equal([Row(Date(2024, 2, 29), Date(2024, 3, 1), Date(2024, 2, 29), 60L, 29L)], result.Rows);
        await db.FailAsync(SqlState.UndefinedFunction, "SELECT '2024-01-02 03:04:05'::timestamp + 1");
    }

    [Fact]
    public async Task Dates_And_Timestamps_Compare_With_Each_Other_And_With_Strings()
    {
        Assert.Equal(
            [Row(true, true, true, true)],
            await db.QueryAsync("SELECT '2024-01-02'::date < '2024-01-10'::date, '2024-01-02'::date = '2024-01-02', '2024-01-02 00:00:00'::timestamp = '2024-01-02'::date, '2024-01-02'::date < '2024-01-02 00:00:01'::timestamp"));
        await db.RunAsync("CREATE TABLE dt_events (id integer PRIMARY KEY, day date, at timestamp)");
        await db.RunAsync("INSERT INTO dt_events VALUES (1, '2024-01-05', '2024-01-05 10:00:00'), (2, '2023-12-31', '2023-12-31 23:59:59'), (3, NULL, NULL)");
        Assert.Equal([1L], Column(await db.QueryAsync("SELECT id FROM dt_events WHERE day > '2024-01-01'")));
        Assert.Equal([2L], Column(await db.QueryAsync("SELECT id FROM dt_events WHERE at < '2024-01-01'")));
        Assert.Equal([Row(2L, Date(2024, 1, 30)), Row(1L, Date(2024, 2, 4)), Row(3L, null)], await db.QueryAsync("SELECT id, day + 30 FROM dt_events ORDER BY day"));
        Assert.Equal([Row(Date(2023, 12, 31), new DateTime(2024, 1, 5, 10, 0, 0))], await db.QueryAsync("SELECT min(day), max(at) FROM dt_events"));
    }

    [Fact]
    public async Task Casts_To_Text_Use_Iso_Format()
    {
        Assert.Equal(
            [Row("2024-01-02", "2024-01-02 03:04:05", "2024-01-02 03:04:05.5", "2024-01-02")],
            await db.QueryAsync("SELECT CAST('2024-01-02'::date AS text), CAST('2024-01-02 03:04:05'::timestamp AS text), CAST('2024-01-02 03:04:05.5'::timestamp AS text), '2024-01-02'::date || ''"));
        Assert.Equal(
            [Row(Date(2024, 1, 2), new DateTime(2024, 1, 2))],
            await db.QueryAsync("SELECT '2024-01-02 03:04:05'::timestamp::date, '2024-01-02'::date::timestamp"));
    }

    [Fact]
    public async Task Now_Current_Timestamp_And_Current_Date_Are_Fixed_For_The_Whole_Request()
    {
        var results = await db.RunAsync("SELECT now(), current_timestamp, current_date; SELECT count(*) FROM information_schema.tables; SELECT now(), current_date");
        var first = results[0].Rows[0];
        var last = results[2].Rows[0];
        Assert.IsType<DateTime>(first[0]);
        Assert.Equal(first[0], first[1]);
        Assert.Equal(first[0], last[0]);
        Assert.Equal(DateOnly.FromDateTime((DateTime)first[0]!), first[2]);
        Assert.Equal(first[2], last[1]);
        Assert.Equal([Row(true)], await db.QueryAsync("SELECT CAST(now() AS date) = current_date"));
    }

    [Fact]
    public async Task Dates_And_Timestamps_Travel_As_DateOnly_And_DateTime()
    {
        await db.RunAsync("CREATE TABLE dt_clr (id integer PRIMARY KEY, day date, at timestamp)");
        await db.RunAsync("INSERT INTO dt_clr VALUES ($1, $2, $3)", 1, Date(1999, 12, 31), new DateTime(2000, 1, 1, 12, 30, 15, 250));
        var row = (await db.QueryAsync("SELECT day, at FROM dt_clr WHERE day = $1", Date(1999, 12, 31)))[0];
        Assert.IsType<DateOnly>(row[0]);
        Assert.IsType<DateTime>(row[1]);
        Assert.Equal(Row(Date(1999, 12, 31), new DateTime(2000, 1, 1, 12, 30, 15, 250)), row);
    }
}
