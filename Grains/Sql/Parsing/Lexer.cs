using System.Text;

namespace OrleansDb.Sql.Parsing;

/// <summary>
/// Splits PostgreSQL-flavoured SQL into tokens. Unquoted identifiers fold to lower case; "quoted"
/// identifiers keep their case; '' inside a string is one quote; -- and /* */ comments (nested, as
/// PostgreSQL allows) are skipped. Keywords are identifiers here: the parser decides what is reserved.
/// </summary>
public static class Lexer
{
    private const string OperatorChars = "+-*/<>=~!@#%^&|`?";

    public static List<Token> Tokenize(string sql)
    {
        var tokens = new List<Token>(sql.Length / 4 + 4);
        int i = 0;
        while (true)
        {
            i = SkipTrivia(sql, i);
            if (i >= sql.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", sql.Length));
                return tokens;
            }
            char c = sql[i];
            int start = i;
            if (char.IsLetter(c) || c == '_')
            {
                i++;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                tokens.Add(new Token(TokenKind.Identifier, sql[start..i].ToLowerInvariant(), start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsDigit(sql[i + 1])))
            {
                tokens.Add(ReadNumber(sql, ref i));
            }
            else if (c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadQuoted(sql, ref i, '\'', "string literal"), start));
            }
            else if (c == '"')
            {
                string name = ReadQuoted(sql, ref i, '"', "quoted identifier");
                if (name.Length == 0) throw SqlException.Syntax("zero-length delimited identifier", start);
                tokens.Add(new Token(TokenKind.QuotedIdentifier, name, start));
            }
            else if (c == '$' && i + 1 < sql.Length && char.IsDigit(sql[i + 1]))
            {
                i++;
                while (i < sql.Length && char.IsDigit(sql[i])) i++;
                tokens.Add(new Token(TokenKind.Parameter, sql[(start + 1)..i], start));
            }
            else
            {
                i++;
                switch (c)
                {
                    case '(': tokens.Add(new Token(TokenKind.LeftParen, "(", start)); break;
                    case ')': tokens.Add(new Token(TokenKind.RightParen, ")", start)); break;
                    case ',': tokens.Add(new Token(TokenKind.Comma, ",", start)); break;
                    case ';': tokens.Add(new Token(TokenKind.Semicolon, ";", start)); break;
                    case '.': tokens.Add(new Token(TokenKind.Dot, ".", start)); break;
                    case ':' when i < sql.Length && sql[i] == ':':
                        i++;
                        tokens.Add(new Token(TokenKind.Operator, "::", start));
                        break;
                    default:
                        if (OperatorChars.Contains(c))
                        {
                            tokens.Add(ReadOperator(sql, ref i, start));
                            break;
                        }
                        throw SqlException.Syntax($"syntax error at or near \"{c}\"", start);
                }
            }
        }
    }

    private static int SkipTrivia(string sql, int i)
    {
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int start = i, depth = 0;
                do
                {
                    if (i + 1 >= sql.Length) throw SqlException.Syntax("unterminated /* comment", start);
                    if (sql[i] == '/' && sql[i + 1] == '*') { depth++; i += 2; }
                    else if (sql[i] == '*' && sql[i + 1] == '/') { depth--; i += 2; }
                    else i++;
                }
                while (depth > 0);
            }
            else
            {
                break;
            }
        }
        return i;
    }

    private static Token ReadNumber(string sql, ref int i)
    {
        int start = i;
        bool isDecimal = false;
        while (i < sql.Length && char.IsDigit(sql[i])) i++;
        if (i < sql.Length && sql[i] == '.' && !(i + 1 < sql.Length && sql[i + 1] == '.'))
        {
            isDecimal = true;
            i++;
            while (i < sql.Length && char.IsDigit(sql[i])) i++;
        }
        if (i < sql.Length && (sql[i] == 'e' || sql[i] == 'E'))
        {
            int save = i;
            i++;
            if (i < sql.Length && (sql[i] == '+' || sql[i] == '-')) i++;
            if (i < sql.Length && char.IsDigit(sql[i]))
            {
                isDecimal = true;
                while (i < sql.Length && char.IsDigit(sql[i])) i++;
            }
            else
            {
                i = save;
            }
        }
        if (i < sql.Length && (char.IsLetter(sql[i]) || sql[i] == '_'))
        {
            throw SqlException.Syntax($"trailing junk after numeric literal at or near \"{sql[start..(i + 1)]}\"", start);
        }
        return new Token(isDecimal ? TokenKind.Decimal : TokenKind.Integer, sql[start..i], start);
    }

    private static string ReadQuoted(string sql, ref int i, char quote, string what)
    {
        int start = i;
        i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= sql.Length) throw SqlException.Syntax($"unterminated {what}", start);
            char c = sql[i++];
            if (c == quote)
            {
                if (i < sql.Length && sql[i] == quote)
                {
                    sb.Append(quote);
                    i++;
                    continue;
                }
                return sb.ToString();
            }
            sb.Append(c);
        }
    }

    private static Token ReadOperator(string sql, ref int i, int start)
    {
        while (i < sql.Length && OperatorChars.Contains(sql[i])
               && !(sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
               && !(sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*'))
        {
            i++;
        }
        string op = sql[start..i];
        // PostgreSQL: a multi-character operator ending in + or - is split unless it contains one of
        // ~ ! @ # % ^ & | ` ?, so "a*-1" lexes as "*" "-" and "<-" as "<" "-".
        while (op.Length > 1 && (op[^1] == '+' || op[^1] == '-') && op.IndexOfAny("~!@#%^&|`?".ToCharArray()) < 0)
        {
            op = op[..^1];
            i--;
        }
        return new Token(TokenKind.Operator, op, start);
    }
}
