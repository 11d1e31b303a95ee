namespace OrleansDb.Sql.Parsing;

public enum TokenKind : byte
{
    End,
    Identifier,
    QuotedIdentifier,
    Integer,
    Decimal,
    String,
    Parameter,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    Semicolon,
    Dot,
}

/// <summary>
/// One lexical token. <see cref="Text"/> is the identifier folded to lower case (unquoted), the
/// literal's value (strings without quotes), or the operator's characters. <see cref="Offset"/> is the
/// 0-based character offset of the token's first character in the statement text.
/// </summary>
public readonly record struct Token(TokenKind Kind, string Text, int Offset)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;

    public override string ToString() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => $"'{Text}'",
        _ => Text,
    };
}
