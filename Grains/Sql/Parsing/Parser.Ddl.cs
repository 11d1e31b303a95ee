namespace OrleansDb.Sql.Parsing;

public sealed partial class Parser
{
    /// <summary>create := CREATE TABLE ... | CREATE [UNIQUE] INDEX ... | CREATE VIEW ...</summary>
    private Statement ParseCreate()
    {
        int offset = ExpectKeyword("create").Offset;
        if (AtKeyword("table")) return ParseCreateTable(offset);
        if (AtKeyword("index") || AtKeywords("unique", "index")) return ParseCreateIndex(offset);
        if (AtKeyword("view")) return ParseCreateView(offset);
        if (AcceptKeyword("sequence"))
        {
            bool ifNotExists = AcceptIfNotExists();
            var name = ParseObjectName();
            return new CreateSequenceStatement(name, ParseSequenceOptions(), ifNotExists, offset);
        }
        if (AcceptKeyword("schema"))
        {
            bool ifNotExists = AcceptIfNotExists();
            return new CreateSchemaStatement(ExpectIdentifier(), ifNotExists, offset);
        }
        throw Unexpected();
    }

    /// <summary>
    /// alter_table := ALTER TABLE [IF EXISTS] name (ADD [COLUMN] [IF NOT EXISTS] column_def
    ///              | DROP [COLUMN] [IF EXISTS] identifier | RENAME [COLUMN] identifier TO identifier | RENAME TO identifier)
    /// </summary>
    private AlterTableStatement ParseAlter()
    {
        int offset = ExpectKeyword("alter").Offset;
        ExpectKeyword("table");
        bool ifExists = false;
        if (AtKeyword("if"))
        {
            _pos++;
            ExpectKeyword("exists");
            ifExists = true;
        }
        var table = ParseObjectName();
        var t = Peek;
        AlterAction action;
        if (AcceptKeyword("add"))
        {
            AcceptKeyword("column");
            bool ifNotExists = AcceptIfNotExists();
            action = new AddColumnAction(ParseColumnDef(), ifNotExists, t.Offset);
        }
        else if (AcceptKeyword("drop"))
        {
            AcceptKeyword("column");
            bool columnIfExists = false;
            if (AtKeyword("if"))
            {
                _pos++;
                ExpectKeyword("exists");
                columnIfExists = true;
            }
            action = new DropColumnAction(ExpectIdentifier(), columnIfExists, t.Offset);
            if (AtKeyword("cascade")) throw SqlException.NotSupported("DROP COLUMN ... CASCADE");
            AcceptKeyword("restrict");
        }
        else if (AcceptKeyword("rename"))
        {
            if (AcceptKeyword("to"))
            {
                action = new RenameTableAction(ExpectIdentifier(), t.Offset);
            }
            else
            {
                AcceptKeyword("column");
                string column = ExpectIdentifier();
                ExpectKeyword("to");
                action = new RenameColumnAction(column, ExpectIdentifier(), t.Offset);
            }
        }
        else
        {
            throw Unexpected();
        }
        return new AlterTableStatement(table, ifExists, action, offset);
    }

    private bool AcceptIfNotExists()
    {
        if (!AtKeyword("if")) return false;
        _pos++;
        ExpectKeyword("not");
        ExpectKeyword("exists");
        return true;
    }

    /// <summary>create_index := CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table '(' column [ASC|DESC] (',' ...)* ')'</summary>
    private CreateIndexStatement ParseCreateIndex(int offset)
    {
        bool unique = AcceptKeyword("unique");
        ExpectKeyword("index");
        bool ifNotExists = AcceptIfNotExists();
        string name = ExpectIdentifier();
        ExpectKeyword("on");
        var table = ParseObjectName();
        Expect(TokenKind.LeftParen);
        var columns = new List<IndexColumnDef>();
        do
        {
            int columnOffset = Peek.Offset;
            string column = ExpectIdentifier();
            bool descending = AcceptKeyword("desc");
            if (!descending) AcceptKeyword("asc");
            columns.Add(new IndexColumnDef(column, descending, columnOffset));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return new CreateIndexStatement(name, table, columns, unique, ifNotExists, offset);
    }

    /// <summary>create_view := CREATE VIEW name ['(' identifiers ')'] AS query</summary>
    private CreateViewStatement ParseCreateView(int offset)
    {
        ExpectKeyword("view");
        var name = ParseObjectName();
        List<string>? columns = Peek.Kind == TokenKind.LeftParen ? ParseParenthesizedIdentifiers() : null;
        ExpectKeyword("as");
        int start = Peek.Offset;
        var query = ParseQuery();
        string text = _sql[start..Peek.Offset].Trim();
        return new CreateViewStatement(name, columns, query, text, offset);
    }

    /// <summary>
    /// table_element := column_def | [CONSTRAINT name] (PRIMARY KEY | UNIQUE) '(' identifiers ')'
    /// column_def    := identifier type (NOT NULL | NULL | PRIMARY KEY | UNIQUE | DEFAULT expr | CONSTRAINT name)*
    /// </summary>
    private CreateTableStatement ParseCreateTable(int offset)
    {
        ExpectKeyword("table");
        bool ifNotExists = false;
        if (AtKeyword("if"))
        {
            _pos++;
            ExpectKeyword("not");
            ExpectKeyword("exists");
            ifNotExists = true;
        }
        var name = ParseObjectName();
        Expect(TokenKind.LeftParen);
        var columns = new List<ColumnDef>();
        List<string>? primaryKey = null;
        var uniques = new List<IReadOnlyList<string>>();
        do
        {
            var t = Peek;
            if (AcceptKeyword("constraint")) ExpectIdentifier();
            if (AtKeyword("primary"))
            {
                _pos++;
                ExpectKeyword("key");
                if (primaryKey is not null) throw MultiplePrimaryKeys(t.Offset);
                primaryKey = ParseParenthesizedIdentifiers();
            }
            else if (AcceptKeyword("unique"))
            {
                uniques.Add(ParseParenthesizedIdentifiers());
            }
            else if (AtKeyword("check") || AtKeyword("foreign"))
            {
                throw SqlException.NotSupported($"{Peek.Text.ToUpperInvariant()} constraints");
            }
            else
            {
                var column = ParseColumnDef();
                if (column.Constraints.PrimaryKey)
                {
                    if (primaryKey is not null) throw MultiplePrimaryKeys(column.Offset);
                    primaryKey = [column.Name];
                }
                if (column.Constraints.Unique) uniques.Add([column.Name]);
                columns.Add(column);
            }
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return new CreateTableStatement(name, columns, primaryKey, uniques, ifNotExists, offset);
    }

    private static SqlException MultiplePrimaryKeys(int offset) =>
        new(SqlState.InvalidTableDefinition, "multiple primary keys for table are not allowed", offset + 1);

    private ColumnDef ParseColumnDef()
    {
        int offset = Peek.Offset;
        string name = ExpectIdentifier();
        var type = ParseTypeName();
        bool notNull = false, isNull = false, primaryKey = false, unique = false;
        Expr? defaultValue = null;
        IdentityClause? identity = null;
        while (true)
        {
            if (AcceptKeyword("constraint"))
            {
                ExpectIdentifier();
            }
            else if (AtKeyword("not"))
            {
                _pos++;
                ExpectKeyword("null");
                notNull = true;
            }
            else if (AcceptKeyword("null"))
            {
                isNull = true;
            }
            else if (AtKeyword("primary"))
            {
                _pos++;
                ExpectKeyword("key");
                primaryKey = true;
            }
            else if (AcceptKeyword("unique"))
            {
                unique = true;
            }
            else if (AcceptKeyword("default"))
            {
                defaultValue = ParseOther();
            }
            else if (AtKeyword("generated"))
            {
                identity = ParseIdentity();
            }
            else if (AtKeyword("check") || AtKeyword("references"))
            {
                throw SqlException.NotSupported($"{Peek.Text.ToUpperInvariant()} constraints");
            }
            else
            {
                break;
            }
        }
        if (notNull && isNull)
        {
            throw SqlException.Syntax($"conflicting NULL/NOT NULL declarations for column \"{name}\"", offset);
        }
        return new ColumnDef(name, type, new ColumnConstraints(notNull, isNull, primaryKey, unique, defaultValue, identity), offset);
    }

    /// <summary>identity := GENERATED (ALWAYS | BY DEFAULT) AS IDENTITY ['(' sequence_options ')']</summary>
    private IdentityClause ParseIdentity()
    {
        int offset = ExpectKeyword("generated").Offset;
        bool always = AcceptKeyword("always");
        if (!always)
        {
            ExpectKeyword("by");
            ExpectKeyword("default");
        }
        ExpectKeyword("as");
        ExpectKeyword("identity");
        var options = SequenceOptions.None;
        if (Accept(TokenKind.LeftParen))
        {
            options = ParseSequenceOptions();
            Expect(TokenKind.RightParen);
        }
        return new IdentityClause(always, options, offset);
    }

    /// <summary>
    /// sequence_options := ( AS type | INCREMENT [BY] n | MINVALUE n | NO MINVALUE | MAXVALUE n | NO MAXVALUE
    ///                     | START [WITH] n | CACHE n | [NO] CYCLE )*
    /// </summary>
    private SequenceOptions ParseSequenceOptions()
    {
        var options = SequenceOptions.None;
        while (true)
        {
            var t = Peek;
            if (AcceptKeyword("as")) options = options with { Type = ParseTypeName() };
            else if (AcceptKeyword("increment"))
            {
                AcceptKeyword("by");
                options = options with { Increment = ParseSignedInteger() };
            }
            else if (AcceptKeyword("minvalue")) options = options with { MinValue = ParseSignedInteger() };
            else if (AcceptKeyword("maxvalue")) options = options with { MaxValue = ParseSignedInteger() };
            else if (AcceptKeyword("start"))
            {
                AcceptKeyword("with");
                options = options with { Start = ParseSignedInteger() };
            }
            else if (AcceptKeyword("cache")) options = options with { Cache = ParseSignedInteger() };
            else if (AcceptKeyword("cycle")) options = options with { Cycle = true };
            else if (AtKeyword("no"))
            {
                _pos++;
                if (AcceptKeyword("minvalue")) options = options with { MinValue = null };
                else if (AcceptKeyword("maxvalue")) options = options with { MaxValue = null };
                else if (AcceptKeyword("cycle")) options = options with { Cycle = false };
                else throw Unexpected();
            }
            else if (AtKeyword("owned"))
            {
                throw SqlException.NotSupported("OWNED BY");
            }
            else
            {
                return options;
            }
            if (t.Offset == Peek.Offset) throw Unexpected();
        }
    }

    /// <summary>An optionally signed integer literal that fits a bigint.</summary>
    private long ParseSignedInteger()
    {
        bool negative = false;
        if (Peek.Kind == TokenKind.Operator && Peek.Text is "-" or "+")
        {
            negative = Next().Text == "-";
        }
        var t = Peek;
        if (t.Kind != TokenKind.Integer) throw Unexpected();
        _pos++;
        string digits = negative ? "-" + t.Text : t.Text;
        if (!long.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long value))
        {
            throw new SqlException(SqlState.NumericValueOutOfRange, $"value \"{digits}\" is out of range for type bigint", t.Offset + 1);
        }
        return value;
    }

    /// <summary>drop := DROP (TABLE | INDEX | VIEW | SCHEMA) [IF EXISTS] name (',' name)* [CASCADE | RESTRICT]</summary>
    private Statement ParseDrop()
    {
        int offset = ExpectKeyword("drop").Offset;
        if (AcceptKeyword("schema"))
        {
            bool exists = false;
            if (AtKeyword("if"))
            {
                _pos++;
                ExpectKeyword("exists");
                exists = true;
            }
            var schemas = new List<string> { ExpectIdentifier() };
            while (Accept(TokenKind.Comma)) schemas.Add(ExpectIdentifier());
            if (!AcceptKeyword("restrict") && AtKeyword("cascade")) throw SqlException.NotSupported("DROP SCHEMA ... CASCADE");
            return new DropSchemaStatement(schemas, exists, offset);
        }
        if (AtKeyword("index") || AtKeyword("view") || AtKeyword("sequence"))
        {
            string kind = Next().Text;
            bool exists = false;
            if (AtKeyword("if"))
            {
                _pos++;
                ExpectKeyword("exists");
                exists = true;
            }
            var relations = new List<ObjectName> { ParseObjectName() };
            while (Accept(TokenKind.Comma)) relations.Add(ParseObjectName());
            if (!AcceptKeyword("restrict") && AtKeyword("cascade")) throw SqlException.NotSupported($"DROP {kind.ToUpperInvariant()} ... CASCADE");
            return new DropRelationStatement(kind, relations, exists, offset);
        }
        if (!AtKeyword("table")) throw Unexpected();
        _pos++;
        bool ifExists = false;
        if (AtKeyword("if"))
        {
            _pos++;
            ExpectKeyword("exists");
            ifExists = true;
        }
        var names = new List<ObjectName> { ParseObjectName() };
        while (Accept(TokenKind.Comma)) names.Add(ParseObjectName());
        if (!AcceptKeyword("restrict") && AtKeyword("cascade")) throw SqlException.NotSupported("DROP ... CASCADE");
        return new DropTableStatement(names, ifExists, offset);
    }
}
