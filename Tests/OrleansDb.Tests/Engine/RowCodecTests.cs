using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class RowCodecTests
{
    private static readonly ValueKind[] Kinds = [ValueKind.Integer, ValueKind.Text, ValueKind.Float, ValueKind.Boolean, ValueKind.Integer];

    [Fact]
    public void Rows_Round_Trip_With_Every_Kind_And_Nulls()
    {
        Value[][] rows =
        [
            [Value.FromInteger(1), Value.FromText("a"), Value.FromFloat(1.5), Value.True, Value.FromInteger(-1)],
            [Value.Null, Value.Null, Value.Null, Value.Null, Value.Null],
            [Value.FromInteger(long.MinValue), Value.FromText(""), Value.FromFloat(double.NaN), Value.False, Value.FromInteger(long.MaxValue)],
            [Value.FromInteger(0), Value.FromText("h\u00e9\0\U0001F600"), Value.FromFloat(-0.0), Value.Null, Value.Null],
            [Value.Null, Value.FromText(new string('x', 300)), Value.FromFloat(double.NegativeInfinity), Value.True, Value.FromInteger(300)],
        ];
        foreach (var row in rows)
        {
            Assert.Equal(row, RowCodec.Decode(RowCodec.Encode(row), Kinds));
        }
    }

    [Fact]
    public void Null_Bitmap_Spans_More_Than_One_Byte()
    {
        var kinds = Enumerable.Repeat(ValueKind.Integer, 19).ToArray();
        var row = Enumerable.Range(0, 19).Select(i => i % 3 == 0 ? Value.Null : Value.FromInteger(i * 1000)).ToArray();
        Assert.Equal(row, RowCodec.Decode(RowCodec.Encode(row), kinds));
    }

    [Fact]
    public void Short_Row_Reads_Missing_Columns_As_Null()
    {
        var stored = RowCodec.Encode([Value.FromInteger(7), Value.FromText("x")]);
        Assert.Equal([Value.FromInteger(7), Value.FromText("x"), Value.Null, Value.Null, Value.Null], RowCodec.Decode(stored, Kinds));
    }

    [Fact]
    public void Decoding_Into_A_Reused_Buffer_Overwrites_Every_Slot()
    {
        var buffer = new Value[Kinds.Length];
        RowCodec.Decode(RowCodec.Encode([Value.FromInteger(1), Value.FromText("a"), Value.FromFloat(2), Value.True, Value.FromInteger(3)]), Kinds, buffer);
        RowCodec.Decode(RowCodec.Encode([Value.Null, Value.FromText("b")]), Kinds, buffer);
        Assert.Equal([Value.Null, Value.FromText("b"), Value.Null, Value.Null, Value.Null], buffer);
    }

    [Fact]
    public void Empty_Row_Round_Trips()
    {
        Assert.Empty(RowCodec.Decode(RowCodec.Encode([]), []));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(63L)]
    [InlineData(-64L)]
    [InlineData(64L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void ZigZag_Varints_Round_Trip(long value)
    {
        Assert.Equal(value, RowCodec.UnZigZag(RowCodec.ZigZag(value)));
        var buffer = new byte[10];
        int length = RowCodec.WriteVarint(buffer, 0, RowCodec.ZigZag(value));
        Assert.Equal(RowCodec.VarintSize(RowCodec.ZigZag(value)), length);
        int pos = 0;
        Assert.Equal(RowCodec.ZigZag(value), RowCodec.ReadVarint(buffer, ref pos));
        Assert.Equal(length, pos);
    }

    [Fact]
    public void Small_Integers_Take_One_Byte()
    {
        // count varint + one bitmap byte + one value byte
        Assert.Equal(3, RowCodec.Encode([Value.FromInteger(-5)]).Length);
    }

    [Fact]
    public void A_Schema_Copied_With_Other_Columns_Has_Their_Kinds()
    {
        var table = new TableSchema(1, "public", "t", [new ColumnSchema("a", SqlType.Integer, false, null)], [0], 1);
        Assert.Equal([ValueKind.Integer], table.ColumnKinds);
        var altered = table with { Columns = [.. table.Columns, new ColumnSchema("b", SqlType.Text, false, null)], Version = 2 };
        Assert.Equal([ValueKind.Integer, ValueKind.Text], altered.ColumnKinds);
        Assert.Equal([ValueKind.Integer], table.ColumnKinds);
    }
}
