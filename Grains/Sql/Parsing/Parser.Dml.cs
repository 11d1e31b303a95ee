namespace OrleansDb.Sql.Parsing;

public sealed partial class Parser
{
    /// <summary>insert := INSERT INTO name ['(' identifiers ')'] (query | DEFAULT VALUES)</summary>
    private InsertStatement ParseInsert()
    {
        int offset = ExpectKeyword("insert").Offset;
        ExpectKeyword("into");
        var table = ParseObjectName();
        List<string>? columns = null;
        if (Peek.Kind == TokenKind.LeftParen && !IsParenthesizedQuery(_pos))
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
        if (AtKeyword("on") || AtKeyword("returning"))
        {
            throw SqlException.NotSupported($"INSERT ... {Peek.Text.ToUpperInvariant()}");
        }
        return new InsertStatement(table, columns, source, offset);
    }

    /// <summary>update := UPDATE name [[AS] alias] SET identifier '=' expr (',' ...)* [WHERE expr]</summary>
    private UpdateStatement ParseUpdate()
    {
        int offset = ExpectKeyword("update").Offset;
        var table = ParseObjectName();
        string? alias = null;
        if (AcceptKeyword("as")) alias = ExpectIdentifier();
        else if (AtIdentifier && !AtKeyword("set")) alias = ExpectIdentifier();
        ExpectKeyword("set");
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
        if (AtKeyword("from")) throw SqlException.NotSupported("UPDATE ... FROM");
        Expr? where = AcceptKeyword("where") ? ParseExpr() : null;
        if (AtKeyword("returning")) throw SqlException.NotSupported("UPDATE ... RETURNING");
        return new UpdateStatement(table, alias, assignments, where, offset);
    }

    /// <summary>delete := DELETE FROM name [[AS] alias] [WHERE expr]</summary>
    private DeleteStatement ParseDelete()
    {
        int offset = ExpectKeyword("delete").Offset;
        ExpectKeyword("from");
        var table = ParseObjectName();
        string? alias = null;
        if (AcceptKeyword("as")) alias = ExpectIdentifier();
        else if (AtIdentifier) alias = ExpectIdentifier();
        if (AtKeyword("using")) throw SqlException.NotSupported("DELETE ... USING");
        Expr? where = AcceptKeyword("where") ? ParseExpr() : null;
        if (AtKeyword("returning")) throw SqlException.NotSupported("DELETE ... RETURNING");
        return new DeleteStatement(table, alias, where, offset);
    }
}
