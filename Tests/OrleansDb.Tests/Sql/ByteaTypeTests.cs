using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>BYTEA in PostgreSQL's hex format.</summary>
public sealed class ByteaTypeTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    [Fact]
    public async Task Hex_Strings_Cast_To_Bytea()
    {
        var result = (await db.RunAsync(@"SELECT '\x0102'::bytea, '\xDEADbeef'::bytea, '\x'::bytea"))[0];
        Assert.Equal(["bytea", "bytea", "bytea"], result.Columns.Select(c => c.Type));
        Assert.Equal([Row(new byte[] { 1, 2 }, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, Array.Empty<byte>())], result.Rows);
    }

    [Fact]
    public async Task Bytea_Compares_Bytewise_And_Casts_To_Hex_Text()
    {
        Assert.Equal([Row(true, true, true)], await db.QueryAsync(@"SELECT '\x0102'::bytea = '\x0102'::bytea, '\x01'::bytea < '\x02'::bytea, '\x0102'::bytea < '\x02'::bytea"));
        Assert.Equal([Row(@"\x0102")], await db.QueryAsync(@"SELECT CAST('\x0102'::bytea AS text)"));
    }

    [Fact]
    public async Task Invalid_Hex_Is_Error_22023()
    {
        var e = await db.FailAsync("22023", @"SELECT '\xZZ'::bytea");
        Assert.Equal("invalid hexadecimal digit: \"Z\"", e.Message);
        e = await db.FailAsync("22023", @"SELECT '\x012'::bytea");
        Assert.Equal("invalid hexadecimal data: odd number of digits", e.Message);
    }

    [Fact]
    public async Task Bytea_Columns_Store_Values_And_Nulls_And_Travel_As_Byte_Arrays()
    {
        await db.RunAsync("CREATE TABLE blobs (id integer PRIMARY KEY, b bytea)");
        await db.RunAsync(@"INSERT INTO blobs VALUES (1, '\x00ff'), (2, NULL), (3, '\x')");
        await db.RunAsync("INSERT INTO blobs VALUES ($1, $2)", 4, new byte[] { 7, 8, 9 });
        var rows = await db.QueryAsync("SELECT id, b FROM blobs ORDER BY id");
        Assert.Equal([Row(1L, new byte[] { 0, 0xFF }), Row(2L, null), Row(3L, Array.Empty<byte>()), Row(4L, new byte[] { 7, 8, 9 })], rows);
        Assert.IsType<byte[]>(rows[0][1]);
        Assert.Equal([4L], Column(await db.QueryAsync("SELECT id FROM blobs WHERE b = $1", new byte[] { 7, 8, 9 })));
        Assert.Equal([1L, 4L], Column(await db.QueryAsync(@"SELECT id FROM blobs WHERE b > '\x00' ORDER BY id")));
    }
}
