using System.Text;
using OrleansDb.Sql;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>Property-style checks that encoded keys sort as their values do, on seeded random inputs.</summary>
public sealed class KeyCodecTests
{
    private const int Samples = 2000;

    private static int Sign(int c) => Math.Sign(c);

    private static int CompareKeys(Value[] a, Value[] b) => Sign(KeyCodec.Compare(KeyCodec.Encode(a), KeyCodec.Encode(b)));

    /// <summary>Code-point order, which is what the C collation and UTF-8 byte order give.</summary>
    private static int CompareCodePoints(string a, string b)
    {
        var x = a.EnumerateRunes().GetEnumerator();
        var y = b.EnumerateRunes().GetEnumerator();
        while (true)
        {
            bool hasX = x.MoveNext(), hasY = y.MoveNext();
            if (!hasX || !hasY) return hasX.CompareTo(hasY);
            int c = x.Current.Value.CompareTo(y.Current.Value);
            if (c != 0) return Sign(c);
        }
    }

    private static readonly long[] EdgeIntegers = [long.MinValue, long.MinValue + 1, int.MinValue, -256, -255, -1, 0, 1, 255, 256, int.MaxValue, long.MaxValue - 1, long.MaxValue];

    [Fact]
    public void Integer_Byte_Order_Is_Value_Order()
    {
        var random = new Random(1);
        var values = EdgeIntegers.Concat(Enumerable.Range(0, Samples).Select(_ => random.NextInt64(long.MinValue, long.MaxValue))).ToList();
        values.AddRange(Enumerable.Range(0, 200).Select(_ => (long)random.Next(-1000, 1000)));
        foreach (long a in values)
        {
            long b = values[random.Next(values.Count)];
            Assert.Equal(Sign(a.CompareTo(b)), CompareKeys([Value.FromInteger(a)], [Value.FromInteger(b)]));
        }
    }

    [Fact]
    public void Sorting_Encoded_Integers_Sorts_The_Integers()
    {
        var random = new Random(2);
        var values = EdgeIntegers.Concat(Enumerable.Range(0, Samples).Select(_ => random.NextInt64(long.MinValue, long.MaxValue))).ToList();
        var byKey = values.OrderBy(v => KeyCodec.Encode(Value.FromInteger(v)), ByteArrayComparer.Instance).ToList();
        Assert.Equal(values.Order().ToList(), byKey);
    }

    [Fact]
    public void Double_Byte_Order_Is_Value_Order()
    {
        var random = new Random(3);
        double[] edges = [double.NegativeInfinity, double.MinValue, -1e300, -1.5, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1e-300, 1, 1.5, double.MaxValue, double.PositiveInfinity];
        var values = edges.Concat(Enumerable.Range(0, Samples).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20)))).ToList();
        values.AddRange(Enumerable.Range(0, Samples).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64())).Where(d => !double.IsNaN(d)));
        foreach (double a in values)
        {
            double b = values[random.Next(values.Count)];
            Assert.Equal(Sign(a.CompareTo(b)), CompareKeys([Value.FromFloat(a)], [Value.FromFloat(b)]));
        }
    }

    [Fact]
    public void Negative_Zero_And_Zero_Are_One_Key()
    {
        Assert.Equal(KeyCodec.Encode(Value.FromFloat(0.0)), KeyCodec.Encode(Value.FromFloat(-0.0)));
    }

    private static string RandomString(Random random)
    {
        var sb = new StringBuilder();
        int length = random.Next(0, 6);
        for (int i = 0; i < length; i++)
        {
            int pick = random.Next(10);
            int codePoint = pick switch
            {
                0 => 0,
                1 => 0xFF,
                2 => random.Next(0x80, 0x800),
                3 => random.Next(0xE000, 0x10000),
                4 => random.Next(0x10000, 0x110000),
                _ => random.Next('a', 'e'),
            };
            sb.Append(char.ConvertFromUtf32(codePoint));
        }
        return sb.ToString();
    }

    [Fact]
    public void Text_Byte_Order_Is_Code_Point_Order()
    {
        var random = new Random(4);
        var values = new List<string> { "", "\0", "\0\0", "a", "a\0", "a\0b", "ab", "b", "\u00FF", "\uFFFD", "\U0001F600" };
        values.AddRange(Enumerable.Range(0, Samples).Select(_ => RandomString(random)));
        foreach (string a in values)
        {
            string b = values[random.Next(values.Count)];
            Assert.Equal(CompareCodePoints(a, b), CompareKeys([Value.FromText(a)], [Value.FromText(b)]));
        }
    }

    [Fact]
    public void Boolean_False_Sorts_Before_True()
    {
        Assert.Equal(-1, CompareKeys([Value.False], [Value.True]));
    }

    [Fact]
    public void Composite_Keys_Compare_Column_By_Column()
    {
        var random = new Random(5);
        var keys = Enumerable.Range(0, 500)
            .Select(_ => (Text: RandomString(random), Number: (long)random.Next(-3, 3), Flag: random.Next(2) == 1))
            .ToList();
        foreach (var a in keys)
        {
            var b = keys[random.Next(keys.Count)];
            int expected = CompareCodePoints(a.Text, b.Text);
            if (expected == 0) expected = Sign(a.Number.CompareTo(b.Number));
            if (expected == 0) expected = Sign(a.Flag.CompareTo(b.Flag));
            Assert.Equal(expected, CompareKeys(
                [Value.FromText(a.Text), Value.FromInteger(a.Number), Value.FromBoolean(a.Flag)],
                [Value.FromText(b.Text), Value.FromInteger(b.Number), Value.FromBoolean(b.Flag)]));
        }
    }

    [Fact]
    public void A_Text_Prefix_Never_Makes_A_Shorter_Key_Sort_After_A_Longer_One()
    {
        // ("a", 9) < ("a\0", 1) < ("ab", 0): the first column decides before the second is reached.
        Assert.Equal(-1, CompareKeys([Value.FromText("a"), Value.FromInteger(9)], [Value.FromText("a\0"), Value.FromInteger(1)]));
        Assert.Equal(-1, CompareKeys([Value.FromText("a\0"), Value.FromInteger(1)], [Value.FromText("ab"), Value.FromInteger(0)]));
    }

    [Fact]
    public void Keys_Decode_To_Their_Values()
    {
        Value[] values = [Value.FromText("x\0y\u00e9\U0001F600"), Value.FromInteger(-42), Value.FromFloat(-2.5), Value.True, Value.FromText("")];
        var decoded = KeyCodec.Decode(KeyCodec.Encode(values), [ValueKind.Text, ValueKind.Integer, ValueKind.Float, ValueKind.Boolean, ValueKind.Text]);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Single_Value_Encoding_Equals_One_Column_Composite_Encoding()
    {
        foreach (var v in new[] { Value.FromInteger(7), Value.FromText("k"), Value.FromFloat(1.25), Value.False })
        {
            Assert.Equal(KeyCodec.Encode([v]), KeyCodec.Encode(v));
        }
    }

    [Fact]
    public void Null_Key_Value_Is_Error_23502()
    {
        var e = Assert.Throws<SqlException>(() => KeyCodec.Encode([Value.FromInteger(1), Value.Null]));
        Assert.Equal(SqlState.NotNullViolation, e.SqlState);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 })]
    [InlineData(new byte[] { 1, 0xFF }, new byte[] { 2 })]
    [InlineData(new byte[] { 0 }, new byte[] { 1 })]
    [InlineData(new byte[] { 0xFF, 0xFF }, null)]
    [InlineData(new byte[0], null)]
    public void Prefix_End_Is_The_First_Key_After_Every_Extension(byte[] prefix, byte[]? end)
    {
        Assert.Equal(end, KeyCodec.PrefixEnd(prefix));
    }

    [Fact]
    public void Prefix_End_Bounds_Every_Key_With_The_Prefix()
    {
        var random = new Random(6);
        for (int i = 0; i < Samples; i++)
        {
            var prefix = KeyCodec.Encode([Value.FromInteger(random.Next(-300, 300))]);
            var end = KeyCodec.PrefixEnd(prefix)!;
            var extended = KeyCodec.Encode([Value.FromInteger(KeyCodec.Decode(prefix, [ValueKind.Integer])[0].AsInteger), Value.FromText(RandomString(random))]);
            Assert.True(KeyCodec.Compare(prefix, extended) <= 0);
            Assert.True(KeyCodec.Compare(extended, end) < 0);
            Assert.True(KeyCodec.Compare(prefix, end) < 0);
        }
    }

    [Fact]
    public void Value_Compare_Orders_Text_As_Keys_Do()
    {
        var a = Value.FromText("\uFFFD");
        var b = Value.FromText("\U0001F600");
        Assert.Equal(CompareKeys([a], [b]), Sign(Value.Compare(a, b)));
    }
}
