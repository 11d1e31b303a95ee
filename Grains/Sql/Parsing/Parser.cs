namespace OrleansDb.Sql.Parsing;

/// <summary>
/// A hand-written recursive-descent parser for PostgreSQL-flavoured SQL. One partial file per part of
/// the grammar; each parse method starts with the grammar it accepts. Errors are SQLSTATE 42601 with
/// the position of the offending token.
/// </summary>
public sealed partial class Parser
{
    private readonly string _sql;
    private readonly List<Token> _tokens;
    private int _pos;

    private Parser(string sql)
    {
        _sql = sql;
        _tokens = Lexer.Tokenize(sql);
    }

    /// <summary>script := [statement] (';' [statement])*</summary>
    public static List<Statement> ParseScript(string sql)
    {
        var parser = new Parser(sql);
        var statements = new List<Statement>();
        while (true)
        {
            while (parser.Peek.Kind == TokenKind.Semicolon) parser._pos++;
            if (parser.Peek.Kind == TokenKind.End) return statements;
            statements.Add(parser.ParseStatement());
            if (parser.Peek.Kind is not (TokenKind.Semicolon or TokenKind.End))
            {
                throw parser.Unexpected();
            }
        }
    }

    /// <summary>Parses exactly one statement (a trailing ';' is allowed).</summary>
    public static Statement ParseSingle(string sql)
    {
        var statements = ParseScript(sql);
        if (statements.Count != 1)
        {
            throw new SqlException(SqlState.SyntaxError, $"expected one statement, found {statements.Count}");
        }
        return statements[0];
    }

    /// <summary>Parses one expression (a stored DEFAULT, for instance).</summary>
    public static Expr ParseExpression(string sql)
    {
        var parser = new Parser(sql);
        var expr = parser.ParseExpr();
        if (parser.Peek.Kind != TokenKind.End) throw parser.Unexpected();
        return expr;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos++];

    private bool AtKeyword(string keyword) => Peek.IsKeyword(keyword);

    private bool AtKeywords(string first, string second) => Peek.IsKeyword(first) && PeekAt(1).IsKeyword(second);

    private bool AcceptKeyword(string keyword)
    {
        if (!Peek.IsKeyword(keyword)) return false;
        _pos++;
        return true;
    }

    private Token ExpectKeyword(string keyword)
    {
        if (!Peek.IsKeyword(keyword)) throw Unexpected();
        return Next();
    }

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind != kind) return false;
        _pos++;
        return true;
    }

    private Token Expect(TokenKind kind)
    {
        if (Peek.Kind != kind) throw Unexpected();
        return Next();
    }

    private bool AcceptOperator(string op)
    {
        if (!Peek.IsOperator(op)) return false;
        _pos++;
        return true;
    }

    private SqlException Unexpected()
    {
        var t = Peek;
        return t.Kind == TokenKind.End
            ? SqlException.Syntax("syntax error at end of input", t.Offset)
            : SqlException.Syntax($"syntax error at or near \"{t.Text}\"", t.Offset);
    }

    /// <summary>identifier := unreserved word | "quoted"</summary>
    private string ExpectIdentifier()
    {
        var t = Peek;
        if (t.Kind == TokenKind.QuotedIdentifier || (t.Kind == TokenKind.Identifier && !Keywords.IsReserved(t.Text)))
        {
            _pos++;
            return t.Text;
        }
        throw Unexpected();
    }

    private bool AtIdentifier =>
        Peek.Kind == TokenKind.QuotedIdentifier || (Peek.Kind == TokenKind.Identifier && !Keywords.IsReserved(Peek.Text));

    /// <summary>name := identifier ['.' identifier]</summary>
    private ObjectName ParseObjectName()
    {
        int offset = Peek.Offset;
        string first = ExpectIdentifier();
        if (Accept(TokenKind.Dot))
        {
            return new ObjectName(first, ExpectIdentifier(), offset);
        }
        return new ObjectName(null, first, offset);
    }

    /// <summary>identifier_list := '(' identifier (',' identifier)* ')'</summary>
    private List<string> ParseParenthesizedIdentifiers()
    {
        Expect(TokenKind.LeftParen);
        var names = new List<string> { ExpectIdentifier() };
        while (Accept(TokenKind.Comma)) names.Add(ExpectIdentifier());
        Expect(TokenKind.RightParen);
        return names;
    }

    /// <summary>
    /// show := SHOW TABLES — the tables of the current schema, as a query on information_schema.tables.
    /// </summary>
    private Statement ParseShow()
    {
        int offset = ExpectKeyword("show").Offset;
        ExpectKeyword("tables");
        var query = Parser.ParseSingle("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        return query with { Offset = offset };
    }

    /// <summary>
    /// statement := select | insert | update | delete | create | drop | alter | show | explain
    /// </summary>
    private Statement ParseStatement()
    {
        var t = Peek;
        if (t.Kind == TokenKind.LeftParen) return new SelectStatement(ParseQuery(), t.Offset);
        if (t.Kind != TokenKind.Identifier) throw Unexpected();
        switch (t.Text)
        {
            case "select":
            case "with":
            case "values":
                return new SelectStatement(ParseQuery(), t.Offset);
            case "insert": return ParseInsert();
            case "update": return ParseUpdate();
            case "delete": return ParseDelete();
            case "create": return ParseCreate();
            case "drop": return ParseDrop();
            case "alter": return ParseAlter();
            case "begin" or "start" or "commit" or "end" or "rollback" or "abort" or "savepoint" or "release": return ParseTransactionControl();
            case "set" when PeekAt(1).IsKeyword("transaction") || PeekAt(1).IsKeyword("session"): return ParseTransactionControl();
            case "show": return ParseShow();
            case "explain":
                _pos++;
                return new ExplainStatement(ParseStatement(), t.Offset);
            default:
                throw Unexpected();
        }
    }
}
