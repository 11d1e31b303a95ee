namespace OrleansDb.Sql.Parsing;

public sealed partial class Parser
{
    /// <summary>
    /// insert := INSERT INTO name [[AS] alias] ['(' identifiers ')'] (query | DEFAULT VALUES)
    ///           [ON CONFLICT ['(' identifiers ')'] DO (NOTHING | UPDATE SET assignments [WHERE expr])]
    ///           [RETURNING select_items]
    /// </summary>
    private InsertStatement ParseInsert()
    {
        int offset = ExpectKeyword("insert").Offset;
        ExpectKeyword("into");
        var table = ParseObjectName();
        string? alias = AcceptKeyword("as") ? ExpectIdentifier() : null;
        List<string>? columns = null;
        if (Peek.Kind == TokenKind.LeftParen && !IsQueryAt(_pos + 1))
        {
            columns = ParseParenthesizedIdentifiers();
        }
        QueryExpr source;
        if (AtKeywords("default", "values"))
        {
            int valuesOffset = Peek.Offset;
            _pos += 2;
            source = new ValuesQuery([[]], valuesOffset);
        }
        else
        {
            source = ParseQuery();
        }
        OnConflictClause? onConflict = null;
        if (AtKeyword("on"))
        {
            int conflictOffset = Next().Offset;
            ExpectKeyword("conflict");
            List<string>? target = Peek.Kind == TokenKind.LeftParen ? ParseParenthesizedIdentifiers() : null;
            ExpectKeyword("do");
            if (AcceptKeyword("nothing"))
            {
                onConflict = new OnConflictClause(target, null, null, conflictOffset);
            }
            else
            {
                ExpectKeyword("update");
                ExpectKeyword("set");
                var updates = ParseAssignments();
                Expr? where = AcceptKeyword("where") ? ParseExpr() : null;
                onConflict = new OnConflictClause(target, updates, where, conflictOffset);
            }
        }
        var returning = ParseReturning();
        return new InsertStatement(table, alias, columns, source, onConflict, returning, offset);
    }

    /// <summary>returning := RETURNING select_item (',' select_item)*</summary>
    private List<SelectItem>? ParseReturning()
    {
        if (!AcceptKeyword("returning")) return null;
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
        return items;
    }

    /// <summary>assignments := identifier '=' (expr | DEFAULT) (',' ...)*</summary>
    private List<Assignment> ParseAssignments()
    {
        var assignments = new List<Assignment>();
        do
        {
            int itemOffset = Peek.Offset;
            string column = ExpectIdentifier();
            if (Accept(TokenKind.Dot)) column = ExpectIdentifier();
            if (!AcceptOperator("=")) throw Unexpected();
            var value = AtKeyword("default") ? new DefaultExpr(Next().Offset) : ParseExpr();
            assignments.Add(new Assignment(column, value, itemOffset));
        }
        while (Accept(TokenKind.Comma));
        return assignments;
    }

    /// <summary>update := UPDATE name [[AS] alias] SET assignments [FROM from_item (',' from_item)*] [WHERE expr] [RETURNING select_items]</summary>
    private UpdateStatement ParseUpdate()
    {
        int offset = ExpectKeyword("update").Offset;
        var table = ParseObjectName();
        string? alias = null;
        if (AcceptKeyword("as")) alias = ExpectIdentifier();
        else if (AtIdentifier && !AtKeyword("set")) alias = ExpectIdentifier();
        ExpectKeyword("set");
        var assignments = ParseAssignments();
        var from = new List<FromItem>();
        if (AcceptKeyword("from"))
        {
            do from.Add(ParseFromItem());
            while (Accept(TokenKind.Comma));
        }
        Expr? where = AcceptKeyword("where") ? ParseExpr() : null;
        var returning = ParseReturning();
        return new UpdateStatement(table, alias, assignments, from, where, returning, offset);
    }

    /// <summary>delete := DELETE FROM name [[AS] alias] [USING from_item (',' from_item)*] [WHERE expr] [RETURNING select_items]</summary>
    private DeleteStatement ParseDelete()
    {
        int offset = ExpectKeyword("delete").Offset;
        ExpectKeyword("from");
        var table = ParseObjectName();
        string? alias = null;
        if (AcceptKeyword("as")) alias = ExpectIdentifier();
        else if (AtIdentifier) alias = ExpectIdentifier();
        var usingItems = new List<FromItem>();
        if (AcceptKeyword("using"))
        {
            do usingItems.Add(ParseFromItem());
            while (Accept(TokenKind.Comma));
        }
        Expr? where = AcceptKeyword("where") ? ParseExpr() : null;
        var returning = ParseReturning();
        return new DeleteStatement(table, alias, usingItems, where, returning, offset);
    }
}
