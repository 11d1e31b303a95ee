namespace OrleansDb.Sql.Parsing;

public sealed partial class Parser
{
    /// <summary>
    /// query := [WITH cte (',' cte)*] set_query [ORDER BY order_item (',' order_item)*]
    ///          [LIMIT (expr | ALL)] [OFFSET expr [ROW|ROWS]] [FETCH FIRST expr ROWS ONLY]
    /// </summary>
    private QueryExpr ParseQuery()
    {
        int offset = Peek.Offset;
        var with = new List<CommonTableExpr>();
        if (AcceptKeyword("with"))
        {
            if (AtKeyword("recursive")) throw SqlException.NotSupported("WITH RECURSIVE");
            do
            {
                int cteOffset = Peek.Offset;
                string name = ExpectIdentifier();
                List<string>? columns = Peek.Kind == TokenKind.LeftParen ? ParseParenthesizedIdentifiers() : null;
                ExpectKeyword("as");
                Expect(TokenKind.LeftParen);
                var cteQuery = ParseQuery();
                Expect(TokenKind.RightParen);
                with.Add(new CommonTableExpr(name, columns, cteQuery, cteOffset));
            }
            while (Accept(TokenKind.Comma));
        }
        var query = ParseSetQuery();
        var orderBy = AtKeyword("order") ? ParseOrderBy() : null;
        Expr? limit = null, skip = null;
        while (true)
        {
            if (AcceptKeyword("limit"))
            {
                if (limit is not null) throw SqlException.Syntax("multiple LIMIT clauses not allowed", _tokens[_pos - 1].Offset);
                limit = AcceptKeyword("all") ? null : ParseExpr();
            }
            else if (AcceptKeyword("offset"))
            {
                if (skip is not null) throw SqlException.Syntax("multiple OFFSET clauses not allowed", _tokens[_pos - 1].Offset);
                skip = ParseExpr();
                if (!AcceptKeyword("rows")) AcceptKeyword("row");
            }
            else if (AcceptKeyword("fetch"))
            {
                if (!AcceptKeyword("first")) ExpectKeyword("next");
                limit = AtKeyword("rows") || AtKeyword("row") ? new LiteralExpr(LiteralKind.Integer, "1", Peek.Offset) : ParseExpr();
                if (!AcceptKeyword("rows")) ExpectKeyword("row");
                ExpectKeyword("only");
            }
            else
            {
                break;
            }
        }
        if (orderBy is null && limit is null && skip is null && with.Count == 0) return query;
        if ((query.OrderBy.Count > 0 && orderBy is not null) || (query.Limit is not null && limit is not null))
        {
            // "(SELECT ... ORDER BY a) ORDER BY b": the outer clauses apply to the inner query's result.
            query = new SelectQuery(false, [new SelectItem(new StarExpr(null, offset), null, offset)],
                [new SubqueryRef(query, "subquery", null, offset)], null, [], null, offset);
        }
        return query with
        {
            OrderBy = orderBy ?? query.OrderBy,
            Limit = limit ?? query.Limit,
            OffsetCount = skip ?? query.OffsetCount,
            With = with.Count > 0 ? with : query.With,
        };
    }

    /// <summary>set_query := intersect_query ((UNION | EXCEPT) [ALL | DISTINCT] intersect_query)*</summary>
    private QueryExpr ParseSetQuery()
    {
        var left = ParseIntersectQuery();
        while (AtKeyword("union") || AtKeyword("except"))
        {
            var op = Next();
            bool all = AcceptKeyword("all");
            if (!all) AcceptKeyword("distinct");
            var right = ParseIntersectQuery();
            left = new SetOperationQuery(op.Text == "union" ? SetOperator.Union : SetOperator.Except, all, left, right, op.Offset);
        }
        return left;
    }

    /// <summary>intersect_query := primary_query (INTERSECT [ALL | DISTINCT] primary_query)*</summary>
    private QueryExpr ParseIntersectQuery()
    {
        var left = ParsePrimaryQuery();
        while (AtKeyword("intersect"))
        {
            var op = Next();
            bool all = AcceptKeyword("all");
            if (!all) AcceptKeyword("distinct");
            left = new SetOperationQuery(SetOperator.Intersect, all, left, ParsePrimaryQuery(), op.Offset);
        }
        return left;
    }

    /// <summary>primary_query := select_block | VALUES row (',' row)* | '(' query ')'</summary>
    private QueryExpr ParsePrimaryQuery()
    {
        var t = Peek;
        if (t.Kind == TokenKind.LeftParen)
        {
            _pos++;
            var inner = ParseQuery();
            Expect(TokenKind.RightParen);
            return inner;
        }
        if (t.IsKeyword("values")) return ParseValues();
        if (t.IsKeyword("select")) return ParseSelectBlock();
        throw Unexpected();
    }

    /// <summary>values := VALUES '(' expr (',' expr)* ')' (',' '(' ... ')')*</summary>
    private ValuesQuery ParseValues()
    {
        int offset = ExpectKeyword("values").Offset;
        var rows = new List<IReadOnlyList<Expr>>();
        do
        {
            Expect(TokenKind.LeftParen);
            var row = new List<Expr>();
            do
            {
                row.Add(AtKeyword("default") ? new DefaultExpr(Next().Offset) : ParseExpr());
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
            if (rows.Count > 0 && row.Count != rows[0].Count)
            {
                throw SqlException.Syntax("VALUES lists must all be the same length", row[0].Offset);
            }
            rows.Add(row);
        }
        while (Accept(TokenKind.Comma));
        return new ValuesQuery(rows, offset);
    }

    /// <summary>
    /// select_block := SELECT [ALL | DISTINCT] select_item (',' select_item)* [FROM from_item (',' from_item)*]
    ///                 [WHERE expr] [GROUP BY expr (',' expr)*] [HAVING expr]
    /// select_item  := '*' | name '.' '*' | expr [[AS] alias]
    /// </summary>
    private SelectQuery ParseSelectBlock()
    {
        int offset = ExpectKeyword("select").Offset;
        bool distinct = false;
        if (AcceptKeyword("distinct"))
        {
            if (AtKeyword("on")) throw SqlException.NotSupported("DISTINCT ON");
            distinct = true;
        }
        else
        {
            AcceptKeyword("all");
        }
        var items = new List<SelectItem>();
        do
        {
            int itemOffset = Peek.Offset;
            var expr = ParseExpr();
            string? alias = null;
            if (expr is not StarExpr)
            {
                if (AcceptKeyword("as")) alias = ExpectIdentifierOrKeyword();
                else if (AtIdentifier) alias = ExpectIdentifier();
            }
            items.Add(new SelectItem(expr, alias, itemOffset));
        }
        while (Accept(TokenKind.Comma));

        var from = new List<FromItem>();
        if (AcceptKeyword("from"))
        {
            do from.Add(ParseFromItem());
            while (Accept(TokenKind.Comma));
        }
        Expr? where = AcceptKeyword("where") ? ParseExpr() : null;
        var groupBy = new List<Expr>();
        if (AtKeywords("group", "by"))
        {
            _pos += 2;
            do groupBy.Add(ParseExpr());
            while (Accept(TokenKind.Comma));
        }
        Expr? having = AcceptKeyword("having") ? ParseExpr() : null;
        return new SelectQuery(distinct, items, from, where, groupBy, having, offset);
    }

    /// <summary>order_by := ORDER BY expr [ASC | DESC] [NULLS (FIRST | LAST)] (',' ...)*</summary>
    private List<OrderItem> ParseOrderBy()
    {
        ExpectKeyword("order");
        ExpectKeyword("by");
        var items = new List<OrderItem>();
        do
        {
            int offset = Peek.Offset;
            var expr = ParseExpr();
            bool descending = false;
            if (AcceptKeyword("desc")) descending = true;
            else AcceptKeyword("asc");
            bool? nullsFirst = null;
            if (AcceptKeyword("nulls"))
            {
                if (AcceptKeyword("first")) nullsFirst = true;
                else
                {
                    ExpectKeyword("last");
                    nullsFirst = false;
                }
            }
            items.Add(new OrderItem(expr, descending, nullsFirst, offset));
        }
        while (Accept(TokenKind.Comma));
        return items;
    }

    /// <summary>
    /// from_item := table_primary (join_clause)*
    /// join_clause := [NATURAL] [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] JOIN table_primary
    ///                [ON expr | USING '(' identifiers ')'] | CROSS JOIN table_primary
    /// </summary>
    private FromItem ParseFromItem()
    {
        var left = ParseTablePrimary();
        while (true)
        {
            var t = Peek;
            bool natural = false;
            JoinKind kind;
            if (t.IsKeyword("cross"))
            {
                _pos++;
                ExpectKeyword("join");
                left = new JoinRef(JoinKind.Cross, left, ParseTablePrimary(), null, null, false, t.Offset);
                continue;
            }
            if (AcceptKeyword("natural")) natural = true;
            if (AcceptKeyword("inner")) kind = JoinKind.Inner;
            else if (AcceptKeyword("left")) kind = JoinKind.Left;
            else if (AcceptKeyword("right")) kind = JoinKind.Right;
            else if (AcceptKeyword("full")) kind = JoinKind.Full;
            else if (AtKeyword("join")) kind = JoinKind.Inner;
            else
            {
                if (natural) throw Unexpected();
                return left;
            }
            if (kind != JoinKind.Inner) AcceptKeyword("outer");
            ExpectKeyword("join");
            var right = ParseTablePrimary();
            Expr? on = null;
            List<string>? usingColumns = null;
            if (!natural)
            {
                if (AcceptKeyword("on")) on = ParseExpr();
                else if (AcceptKeyword("using")) usingColumns = ParseParenthesizedIdentifiers();
                else throw Unexpected();
            }
            left = new JoinRef(kind, left, right, on, usingColumns, natural, t.Offset);
        }
    }

    /// <summary>table_primary := name [[AS] alias ['(' columns ')']] | '(' query ')' [AS] alias | '(' from_item ')'</summary>
    private FromItem ParseTablePrimary()
    {
        var t = Peek;
        if (t.Kind == TokenKind.LeftParen)
        {
            if (IsQueryAt(_pos + 1))
            {
                _pos++;
                var query = ParseQuery();
                Expect(TokenKind.RightParen);
                var (alias, columns) = ParseAlias();
                if (alias is null) throw SqlException.Syntax("subquery in FROM must have an alias", t.Offset);
                return new SubqueryRef(query, alias, columns, t.Offset);
            }
            _pos++;
            var inner = ParseFromItem();
            Expect(TokenKind.RightParen);
            return inner;
        }
        var name = ParseObjectName();
        var (tableAlias, columnAliases) = ParseAlias();
        return new TableRef(name, tableAlias, columnAliases, t.Offset);
    }

    private (string? Alias, List<string>? Columns) ParseAlias()
    {
        string? alias = null;
        if (AcceptKeyword("as")) alias = ExpectIdentifier();
        else if (AtIdentifier) alias = ExpectIdentifier();
        List<string>? columns = alias is not null && Peek.Kind == TokenKind.LeftParen ? ParseParenthesizedIdentifiers() : null;
        return (alias, columns);
    }
}
