using OrleansDb.Sql;
using OrleansDb.Sql.Parsing;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class LexerTests
{
    /// <summary>The tokens of <paramref name="sql"/> as "Kind:Text", without the End token.</summary>
    private static string[] Lex(string sql) =>
        Lexer.Tokenize(sql).Where(t => t.Kind != TokenKind.End).Select(t => $"{t.Kind}:{t.Text}").ToArray();

    [Fact]
    public void Unquoted_Identifiers_Fold_To_Lower_Case()
    {
        Assert.Equal(["Identifier:select", "Identifier:mycol", "Identifier:from", "Identifier:t_1"], Lex("SELECT MyCol FROM T_1"));
    }

    [Fact]
    public void Quoted_Identifiers_Keep_Their_Case_And_Doubled_Quotes()
    {
        Assert.Equal(["QuotedIdentifier:MyCol", "QuotedIdentifier:a\"b"], Lex("\"MyCol\" \"a\"\"b\""));
    }

    [Fact]
    public void Zero_Length_Quoted_Identifier_Is_Error_42601()
    {
        var e = Assert.Throws<SqlException>(() => Lexer.Tokenize("SELECT \"\""));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(8, e.Position);
    }

    [Theory]
    [InlineData("'abc'", "abc")]
    [InlineData("'it''s'", "it's")]
    [InlineData("''''", "'")]
    [InlineData("''", "")]
    [InlineData("'a -- not a comment'", "a -- not a comment")]
    public void String_Literals_Unescape_Doubled_Quotes(string sql, string value)
    {
        Assert.Equal([$"String:{value}"], Lex(sql));
    }

    [Theory]
    [InlineData("42", "Integer:42")]
    [InlineData("0", "Integer:0")]
    [InlineData("9223372036854775808", "Integer:9223372036854775808")]
    [InlineData("3.14", "Decimal:3.14")]
    [InlineData(".5", "Decimal:.5")]
    [InlineData("5.", "Decimal:5.")]
    [InlineData("1e10", "Decimal:1e10")]
    [InlineData("1.5E-3", "Decimal:1.5E-3")]
    [InlineData("2e+2", "Decimal:2e+2")]
    public void Numbers_Lex_As_Integer_Or_Decimal(string sql, string token)
    {
        Assert.Equal([token], Lex(sql));
    }

    [Fact]
    public void Trailing_Junk_After_A_Number_Is_Error_42601()
    {
        var e = Assert.Throws<SqlException>(() => Lexer.Tokenize("SELECT 12abc"));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(8, e.Position);
    }

    [Fact]
    public void Parameters_Lex_With_Their_Number()
    {
        Assert.Equal(["Parameter:1", "Operator:+", "Parameter:12"], Lex("$1 + $12"));
    }

    [Theory]
    [InlineData("a*-1", new[] { "Identifier:a", "Operator:*", "Operator:-", "Integer:1" })]
    [InlineData("a<-1", new[] { "Identifier:a", "Operator:<", "Operator:-", "Integer:1" })]
    [InlineData("a<=-1", new[] { "Identifier:a", "Operator:<=", "Operator:-", "Integer:1" })]
    [InlineData("a>=b", new[] { "Identifier:a", "Operator:>=", "Identifier:b" })]
    [InlineData("a<>b", new[] { "Identifier:a", "Operator:<>", "Identifier:b" })]
    [InlineData("a!=b", new[] { "Identifier:a", "Operator:!=", "Identifier:b" })]
    [InlineData("a||b", new[] { "Identifier:a", "Operator:||", "Identifier:b" })]
    [InlineData("a::int", new[] { "Identifier:a", "Operator:::", "Identifier:int" })]
    [InlineData("a@-1", new[] { "Identifier:a", "Operator:@-", "Integer:1" })]
    public void Operators_Split_As_PostgreSQL_Splits_Them(string sql, string[] tokens)
    {
        Assert.Equal(tokens, Lex(sql));
    }

    [Fact]
    public void Double_Dash_Starts_A_Comment_To_End_Of_Line()
    {
        Assert.Equal(["Identifier:a", "Operator:-", "Identifier:b"], Lex("a -- comment\n- b -- trailing"));
    }

    [Fact]
    public void Minus_Followed_By_Comment_Ends_The_Operator()
    {
        Assert.Equal(["Identifier:a", "Operator:-", "Integer:1"], Lex("a--x\n-1"));
    }

    [Fact]
    public void Block_Comments_Nest()
    {
        Assert.Equal(["Identifier:a", "Identifier:b"], Lex("a /* outer /* inner */ still comment */ b"));
    }

    [Fact]
    public void Unterminated_Block_Comment_Is_Error_42601_At_Its_Start()
    {
        var e = Assert.Throws<SqlException>(() => Lexer.Tokenize("a /* /* */"));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(3, e.Position);
    }

    [Fact]
    public void Tokens_Carry_Zero_Based_Offsets()
    {
        var tokens = Lexer.Tokenize("SELECT  x,\n 'y' /*c*/ $1");
        Assert.Equal([0, 8, 9, 12, 22, 24], tokens.Select(t => t.Offset));
        Assert.Equal(TokenKind.End, tokens[^1].Kind);
    }

    [Theory]
    [InlineData("SELECT 'abc", 8)]
    [InlineData("'", 1)]
    [InlineData("SELECT 'it''s", 8)]
    public void Unterminated_String_Is_Error_42601_At_The_Opening_Quote(string sql, int position)
    {
        var e = Assert.Throws<SqlException>(() => Lexer.Tokenize(sql));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Unterminated_Quoted_Identifier_Is_Error_42601()
    {
        var e = Assert.Throws<SqlException>(() => Lexer.Tokenize("SELECT \"abc"));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(8, e.Position);
    }

    [Fact]
    public void Unknown_Character_Is_Error_42601_With_Its_Position()
    {
        var e = Assert.Throws<SqlException>(() => Lexer.Tokenize("SELECT 1 \\ 2"));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        Assert.Equal(10, e.Position);
    }

    [Fact]
    public void Punctuation_Lexes_As_Its_Own_Kinds()
    {
        Assert.Equal(["LeftParen:(", "Identifier:a", "Dot:.", "Identifier:b", "Comma:,", "RightParen:)", "Semicolon:;"], Lex("(a.b,);"));
    }
}
