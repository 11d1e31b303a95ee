namespace OrleansDb.Sql.Parsing;

public sealed partial class Parser
{
    /// <summary>
    /// expr, by PostgreSQL's precedence from loosest to tightest: OR, AND, NOT, IS, comparison,
    /// BETWEEN/IN/LIKE, other operators (||), + -, * / %, ^, unary + -, ::.
    /// </summary>
    private Expr ParseExpr() => ParseOr();

    /// <summary>or := and (OR and)*</summary>
    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (AtKeyword("or"))
        {
            int offset = Next().Offset;
            left = new BinaryExpr("or", left, ParseAnd(), offset);
        }
        return left;
    }

    /// <summary>and := not (AND not)*</summary>
    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (AtKeyword("and"))
        {
            int offset = Next().Offset;
            left = new BinaryExpr("and", left, ParseNot(), offset);
        }
        return left;
    }

    /// <summary>not := NOT not | is</summary>
    private Expr ParseNot()
    {
        if (AtKeyword("not"))
        {
            int offset = Next().Offset;
            return new UnaryExpr("not", ParseNot(), offset);
        }
        return ParseIs();
    }

    /// <summary>is := comparison (IS [NOT] (NULL|TRUE|FALSE|UNKNOWN|DISTINCT FROM comparison) | ISNULL | NOTNULL)*</summary>
    private Expr ParseIs()
    {
        var left = ParseComparison();
        while (true)
        {
            var t = Peek;
            if (t.IsKeyword("isnull") || t.IsKeyword("notnull"))
            {
                _pos++;
                left = new IsExpr(left, "null", t.Text == "notnull", t.Offset);
                continue;
            }
            if (!t.IsKeyword("is")) return left;
            _pos++;
            bool negated = AcceptKeyword("not");
            var what = Next();
            switch (what.Text)
            {
                case "null" or "true" or "false" or "unknown" when what.Kind == TokenKind.Identifier:
                    left = new IsExpr(left, what.Text, negated, t.Offset);
                    break;
                case "distinct" when what.Kind == TokenKind.Identifier:
                    ExpectKeyword("from");
                    left = new IsDistinctExpr(left, ParseComparison(), negated, t.Offset);
                    break;
                default:
                    _pos--;
                    throw Unexpected();
            }
        }
    }

    private static readonly HashSet<string> ComparisonOperators = ["=", "<>", "!=", "<", "<=", ">", ">="];

    /// <summary>
    /// comparison := predicate [(= | &lt;&gt; | != | &lt; | &lt;= | &gt; | &gt;=) (predicate | (ANY|SOME|ALL) '(' query ')')]
    /// Comparisons do not associate: <c>a &lt; b = c</c> is a syntax error, as in PostgreSQL.
    /// </summary>
    private Expr ParseComparison()
    {
        var left = ParsePredicate();
        if (!(Peek.Kind == TokenKind.Operator && ComparisonOperators.Contains(Peek.Text))) return left;
        var op = Next();
        string name = op.Text == "!=" ? "<>" : op.Text;
        Expr result;
        if ((AtKeyword("any") || AtKeyword("some") || AtKeyword("all")) && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            bool all = Next().Text == "all";
            Expect(TokenKind.LeftParen);
            var query = ParseQuery();
            Expect(TokenKind.RightParen);
            result = new QuantifiedExpr(name, left, all, query, op.Offset);
        }
        else
        {
            result = new BinaryExpr(name, left, ParsePredicate(), op.Offset);
        }
        if (Peek.Kind == TokenKind.Operator && ComparisonOperators.Contains(Peek.Text)) throw Unexpected();
        return result;
    }

    /// <summary>
    /// predicate := other [NOT] (BETWEEN [SYMMETRIC] other AND other | IN '(' (query | expr, ...) ')'
    ///              | LIKE other [ESCAPE other] | ILIKE other [ESCAPE other])
    /// </summary>
    private Expr ParsePredicate()
    {
        var left = ParseOther();
        while (true)
        {
            int save = _pos;
            var t = Peek;
            bool negated = false;
            if (t.IsKeyword("not"))
            {
                var after = PeekAt(1);
                if (!(after.IsKeyword("between") || after.IsKeyword("in") || after.IsKeyword("like") || after.IsKeyword("ilike")))
                {
                    return left;
                }
                _pos++;
                negated = true;
            }
            var op = Peek;
            if (op.IsKeyword("between"))
            {
                _pos++;
                bool symmetric = AcceptKeyword("symmetric");
                if (!symmetric) AcceptKeyword("asymmetric");
                var low = ParseOther();
                ExpectKeyword("and");
                var high = ParseOther();
                left = new BetweenExpr(left, low, high, negated, symmetric, t.Offset);
            }
            else if (op.IsKeyword("in"))
            {
                _pos++;
                Expect(TokenKind.LeftParen);
                if (AtQueryStart())
                {
                    var query = ParseQuery();
                    Expect(TokenKind.RightParen);
                    left = new InSubqueryExpr(left, query, negated, t.Offset);
                }
                else
                {
                    var items = new List<Expr>();
                    if (Peek.Kind != TokenKind.RightParen)
                    {
                        items.Add(ParseExpr());
                        while (Accept(TokenKind.Comma)) items.Add(ParseExpr());
                    }
                    Expect(TokenKind.RightParen);
                    left = new InListExpr(left, items, negated, t.Offset);
                }
            }
            else if (op.IsKeyword("like") || op.IsKeyword("ilike"))
            {
                _pos++;
                var pattern = ParseOther();
                Expr? escape = AcceptKeyword("escape") ? ParseOther() : null;
                left = new LikeExpr(left, pattern, escape, op.Text == "ilike", negated, t.Offset);
            }
            else
            {
                _pos = save;
                return left;
            }
        }
    }

    private static bool IsOtherOperator(Token t) =>
        t.Kind == TokenKind.Operator && t.Text is not ("+" or "-" or "*" or "/" or "%" or "^" or "::")
        && !ComparisonOperators.Contains(t.Text);

    /// <summary>other := additive (op additive)*  for || and the other binary operators</summary>
    private Expr ParseOther()
    {
        var left = ParseAdditive();
        while (IsOtherOperator(Peek))
        {
            var op = Next();
            left = new BinaryExpr(op.Text, left, ParseAdditive(), op.Offset);
        }
        return left;
    }

    /// <summary>additive := multiplicative ((+|-) multiplicative)*</summary>
    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.IsOperator("+") || Peek.IsOperator("-"))
        {
            var op = Next();
            left = new BinaryExpr(op.Text, left, ParseMultiplicative(), op.Offset);
        }
        return left;
    }

    /// <summary>multiplicative := power ((*|/|%) power)*</summary>
    private Expr ParseMultiplicative()
    {
        var left = ParsePower();
        while (Peek.IsOperator("*") || Peek.IsOperator("/") || Peek.IsOperator("%"))
        {
            var op = Next();
            left = new BinaryExpr(op.Text, left, ParsePower(), op.Offset);
        }
        return left;
    }

    /// <summary>power := unary (^ unary)*</summary>
    private Expr ParsePower()
    {
        var left = ParseUnary();
        while (Peek.IsOperator("^"))
        {
            var op = Next();
            left = new BinaryExpr("^", left, ParseUnary(), op.Offset);
        }
        return left;
    }

    /// <summary>unary := (+|-) unary | cast. A minus before a numeric literal folds into it.</summary>
    private Expr ParseUnary()
    {
        if (Peek.IsOperator("-") || Peek.IsOperator("+"))
        {
            var op = Next();
            var operand = ParseUnary();
            if (op.Text == "-" && operand is LiteralExpr { Kind: LiteralKind.Integer or LiteralKind.Decimal } lit)
            {
                string text = lit.Text.StartsWith('-') ? lit.Text[1..] : "-" + lit.Text;
                return new LiteralExpr(lit.Kind, text, op.Offset);
            }
            return new UnaryExpr(op.Text, operand, op.Offset);
        }
        return ParseCast();
    }

    /// <summary>cast := primary ('::' type)*</summary>
    private Expr ParseCast()
    {
        var expr = ParsePrimary();
        while (Peek.IsOperator("::"))
        {
            var op = Next();
            expr = new CastExpr(expr, ParseTypeName(), op.Offset);
        }
        return expr;
    }

    /// <summary>Whether the tokens from the current one on are a query (rather than an expression).</summary>
    private bool AtQueryStart() => IsQueryAt(_pos);

    /// <summary>
    /// Whether the tokens from <paramref name="pos"/> on are a query: SELECT, WITH or VALUES, or a
    /// parenthesized query that the query goes on after (a set operator, ORDER BY, LIMIT...) or that
    /// ends where the enclosing parentheses close. <c>((SELECT 1) + 1)</c> is an expression that starts
    /// with a scalar subquery; <c>((SELECT 1) UNION (SELECT 2))</c> and <c>((SELECT 1))</c> are queries.
    /// </summary>
    private bool IsQueryAt(int pos)
    {
        var t = _tokens[Math.Min(pos, _tokens.Count - 1)];
        if (t.IsKeyword("select") || t.IsKeyword("with") || t.IsKeyword("values")) return true;
        if (t.Kind != TokenKind.LeftParen || !IsQueryAt(pos + 1)) return false;
        var after = _tokens[Math.Min(MatchingParen(pos) + 1, _tokens.Count - 1)];
        return after.Kind == TokenKind.RightParen
            || after.IsKeyword("union") || after.IsKeyword("intersect") || after.IsKeyword("except")
            || after.IsKeyword("order") || after.IsKeyword("limit") || after.IsKeyword("offset") || after.IsKeyword("fetch");
    }

    /// <summary>The position of the ')' closing the '(' at <paramref name="open"/> (the end token when none does).</summary>
    private int MatchingParen(int open)
    {
        int depth = 0;
        for (int i = open; i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind == TokenKind.LeftParen) depth++;
            else if (_tokens[i].Kind == TokenKind.RightParen && --depth == 0) return i;
        }
        return _tokens.Count - 1;
    }

    /// <summary>
    /// primary := literal | $n | '(' expr ')' | '(' query ')' | EXISTS '(' query ')' | CASE ... END
    ///          | CAST '(' expr AS type ')' | type 'string' | name '(' [DISTINCT] args | * ')' | column_ref
    /// </summary>
    private Expr ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                _pos++;
                return new LiteralExpr(LiteralKind.Integer, t.Text, t.Offset);
            case TokenKind.Decimal:
                _pos++;
                return new LiteralExpr(LiteralKind.Decimal, t.Text, t.Offset);
            case TokenKind.String:
                _pos++;
                return new LiteralExpr(LiteralKind.String, t.Text, t.Offset);
            case TokenKind.Parameter:
                _pos++;
                if (!int.TryParse(t.Text, out int index) || index < 1)
                {
                    throw SqlException.Syntax($"invalid parameter ${t.Text}", t.Offset);
                }
                return new ParameterExpr(index, t.Offset);
            case TokenKind.LeftParen:
                _pos++;
                if (AtQueryStart())
                {
                    var query = ParseQuery();
                    Expect(TokenKind.RightParen);
                    return new SubqueryExpr(query, t.Offset);
                }
                var inner = ParseExpr();
                Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.Operator when t.Text == "*":
                _pos++;
                return new StarExpr(null, t.Offset);
            case TokenKind.QuotedIdentifier:
                return ParseNameOrCall();
            case TokenKind.Identifier:
                return ParseKeywordPrimary(t);
            default:
                throw Unexpected();
        }
    }

    private Expr ParseKeywordPrimary(Token t)
    {
        switch (t.Text)
        {
            case "null":
                _pos++;
                return new LiteralExpr(LiteralKind.Null, "null", t.Offset);
            case "true":
            case "false":
                _pos++;
                return new LiteralExpr(LiteralKind.Boolean, t.Text, t.Offset);
            case "case":
                return ParseCase();
            case "cast":
                {
                    _pos++;
                    Expect(TokenKind.LeftParen);
                    var operand = ParseExpr();
                    ExpectKeyword("as");
                    var type = ParseTypeName();
                    Expect(TokenKind.RightParen);
                    return new CastExpr(operand, type, t.Offset);
                }
            case "exists":
                {
                    _pos++;
                    Expect(TokenKind.LeftParen);
                    var query = ParseQuery();
                    Expect(TokenKind.RightParen);
                    return new ExistsExpr(query, t.Offset);
                }
            case "current_timestamp" or "current_date" or "localtimestamp":
                _pos++;
                return new FunctionCallExpr(t.Text, [], false, false, t.Offset);
            case "left" or "right" when PeekAt(1).Kind == TokenKind.LeftParen:
                return ParseNameOrCall();
            default:
                if (Keywords.IsReserved(t.Text)) throw Unexpected();
                return AtTypedLiteral() ? ParseTypedLiteral() : ParseNameOrCall();
        }
    }

    /// <summary>Whether a type name followed by a string constant starts here (DATE '2024-01-02').</summary>
    private bool AtTypedLiteral()
    {
        int words = Peek.Text switch
        {
            "double" when PeekAt(1).IsKeyword("precision") => 2,
            "character" or "char" when PeekAt(1).IsKeyword("varying") => 2,
            "timestamp" or "time" when (PeekAt(1).IsKeyword("with") || PeekAt(1).IsKeyword("without")) && PeekAt(2).IsKeyword("time") && PeekAt(3).IsKeyword("zone") => 4,
            _ => 1,
        };
        return PeekAt(words).Kind == TokenKind.String;
    }

    /// <summary>typed_literal := type 'string', PostgreSQL's typed constant: the same as CAST('string' AS type).</summary>
    private Expr ParseTypedLiteral()
    {
        var type = ParseTypeName();
        var text = Expect(TokenKind.String);
        return new CastExpr(new LiteralExpr(LiteralKind.String, text.Text, text.Offset), type, type.Offset);
    }

    /// <summary>name_or_call := identifier ('.' (identifier | '*'))* ['(' [DISTINCT|ALL] (args | '*') ')']</summary>
    private Expr ParseNameOrCall()
    {
        var first = Next();
        var parts = new List<string> { first.Text };
        while (Peek.Kind == TokenKind.Dot)
        {
            _pos++;
            if (Peek.IsOperator("*"))
            {
                _pos++;
                return new StarExpr(string.Join('.', parts), first.Offset);
            }
            parts.Add(ExpectIdentifierOrKeyword());
        }
        if (Peek.Kind != TokenKind.LeftParen)
        {
            return new ColumnRefExpr(parts, first.Offset);
        }
        _pos++;
        string name = string.Join('.', parts);
        if (Peek.IsOperator("*"))
        {
            _pos++;
            Expect(TokenKind.RightParen);
            return new FunctionCallExpr(name, [], false, true, first.Offset);
        }
        bool distinct = AcceptKeyword("distinct");
        if (!distinct) AcceptKeyword("all");
        var args = new List<Expr>();
        if (Peek.Kind != TokenKind.RightParen)
        {
            args.Add(ParseExpr());
            while (Accept(TokenKind.Comma)) args.Add(ParseExpr());
        }
        Expect(TokenKind.RightParen);
        return new FunctionCallExpr(name, args, distinct, false, first.Offset);
    }

    /// <summary>After a '.', any word names a column or table, reserved or not.</summary>
    private string ExpectIdentifierOrKeyword()
    {
        var t = Peek;
        if (t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            _pos++;
            return t.Text;
        }
        throw Unexpected();
    }

    /// <summary>case := CASE [expr] (WHEN expr THEN expr)+ [ELSE expr] END</summary>
    private Expr ParseCase()
    {
        int offset = ExpectKeyword("case").Offset;
        Expr? operand = AtKeyword("when") ? null : ParseExpr();
        var whens = new List<CaseWhen>();
        while (AcceptKeyword("when"))
        {
            var when = ParseExpr();
            ExpectKeyword("then");
            whens.Add(new CaseWhen(when, ParseExpr()));
        }
        if (whens.Count == 0) throw Unexpected();
        Expr? elseExpr = AcceptKeyword("else") ? ParseExpr() : null;
        ExpectKeyword("end");
        return new CaseExpr(operand, whens, elseExpr, offset);
    }

    /// <summary>
    /// type := word [word] ['(' integer (',' integer)* ')'], folding the two-word names
    /// DOUBLE PRECISION, CHARACTER VARYING and TIMESTAMP WITHOUT TIME ZONE.
    /// </summary>
    private TypeName ParseTypeName()
    {
        var t = Peek;
        if (t.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier)) throw Unexpected();
        _pos++;
        string name = t.Text;
        if (name == "double" && AcceptKeyword("precision")) name = "double precision";
        else if (name is "character" or "char" && AcceptKeyword("varying")) name = "varchar";
        var modifiers = new List<int>();
        if (Accept(TokenKind.LeftParen))
        {
            do
            {
                var n = Expect(TokenKind.Integer);
                if (!int.TryParse(n.Text, out int value)) throw SqlException.Syntax("type modifier out of range", n.Offset);
                modifiers.Add(value);
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
        }
        if ((name is "timestamp" or "time") && (AtKeyword("without") || AtKeyword("with")))
        {
            bool with = Next().Text == "with";
            ExpectKeyword("time");
            ExpectKeyword("zone");
            if (with) name += "tz";
        }
        return new TypeName(name, modifiers, t.Offset);
    }
}
