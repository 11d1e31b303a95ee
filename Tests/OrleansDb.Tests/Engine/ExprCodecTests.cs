using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class ExprCodecTests
{
    private static readonly Value[][] Rows =
    [
        ExpressionTests.Row(("p", true), ("q", null), ("i", 3), ("j", 0), ("s", 2L), ("g", 10L), ("x", 1.5), ("t", "abc")),
        ExpressionTests.Row(("p", false), ("q", true), ("i", -7), ("j", 2), ("s", null), ("g", -1L), ("x", -0.5), ("t", "A_c%")),
        ExpressionTests.Row(),
    ];

    [Theory]
    [InlineData("i")]
    [InlineData("'it''s'")]
    [InlineData("i + j * 2 - g")]
    [InlineData("x * 2.5")]
    [InlineData("i % 4")]
    [InlineData("-i")]
    [InlineData("p AND q")]
    [InlineData("p OR NOT q")]
    [InlineData("i < g AND x >= 1 AND t <> 'x'")]
    [InlineData("t IS NULL")]
    [InlineData("(i > 0) IS NOT TRUE")]
    [InlineData("p IS FALSE")]
    [InlineData("i IS DISTINCT FROM j")]
    [InlineData("i IS NOT DISTINCT FROM s")]
    [InlineData("i::text")]
    [InlineData("t::varchar(2)")]
    [InlineData("CAST(x AS integer)")]
    [InlineData("CASE WHEN p THEN 1 WHEN q THEN 2 ELSE 3 END")]
    [InlineData("CASE i WHEN 3 THEN 'three' END")]
    [InlineData("COALESCE(s, i, 0)")]
    [InlineData("i IN (1, 3, NULL)")]
    [InlineData("i NOT IN (1, 2)")]
    [InlineData("t || 'x'")]
    [InlineData("t LIKE 'a%'")]
    [InlineData("t ILIKE 'a%'")]
    [InlineData("t NOT LIKE 'A\\_%'")]
    [InlineData("t NOT ILIKE 'a%'")]
    [InlineData("upper(t)")]
    [InlineData("substr(t, 2, 1)")]
    [InlineData("abs(i) + length(t)")]
    [InlineData("NULLIF(i, 3)")]
    [InlineData("true")]
    [InlineData("NULL::integer")]
    public void Round_Trip_Keeps_Text_Type_And_Results(string sql)
    {
        var original = ExpressionTests.Bind(sql);
        var decoded = Assert.Single(ExprCodec.Decode(ExprCodec.Encode([original])));
        Assert.Equal(original.ToString(), decoded.ToString());
        Assert.Equal(original.Type, decoded.Type);
        Assert.Equal(original.GetType(), decoded.GetType());
        foreach (var row in Rows)
        {
            Assert.Equal(original.Evaluate(row, EvalContext.Empty), decoded.Evaluate(row, EvalContext.Empty));
        }
    }

    [Fact]
    public void Round_Trip_Keeps_A_List_In_Order()
    {
        var exprs = new[] { "i", "t", "x + 1" }.Select(ExpressionTests.Bind).ToList();
        var decoded = ExprCodec.Decode(ExprCodec.Encode(exprs));
        Assert.Equal(exprs.Select(e => e.ToString()), decoded.Select(e => e.ToString()));
        Assert.Empty(ExprCodec.Decode(ExprCodec.Encode([])));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Constants_Round_Trip_Exactly(long value)
    {
        var exprs = new BoundExpr[]
        {
            new ConstantExpr(Value.FromInteger(value), SqlType.BigInt),
            new ConstantExpr(Value.FromFloat(value / 3.0), SqlType.Double),
            new ConstantExpr(Value.FromFloat(double.NaN), SqlType.Double),
            new ConstantExpr(Value.FromText($"\0é{value}"), SqlType.Varchar(40)),
        };
        var decoded = ExprCodec.Decode(ExprCodec.Encode(exprs)).Cast<ConstantExpr>().ToList();
        Assert.Equal(exprs.Cast<ConstantExpr>().Select(c => c.Value), decoded.Select(c => c.Value));
        Assert.Equal(SqlType.Varchar(40), decoded[3].Type);
    }

    [Fact]
    public void Parameters_Cannot_Be_Shipped_Until_Substituted()
    {
        var expr = new CompareExpr(CompareOp.Equal, new ColumnExpr(2, SqlType.Integer, "i"), new ParameterExpr(1, SqlType.Integer));
        Assert.Throws<InvalidOperationException>(() => ExprCodec.Encode([expr]));
        var substituted = ExprCodec.SubstituteParameters(expr, new EvalContext([Value.FromInteger(3)]));
        var decoded = Assert.Single(ExprCodec.Decode(ExprCodec.Encode([substituted])));
        Assert.Equal("(i = 3)", decoded.ToString());
        Assert.Equal(Value.True, decoded.Evaluate(Rows[0], EvalContext.Empty));
    }
}
