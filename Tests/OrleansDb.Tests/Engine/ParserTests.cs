using OrleansDb.Sql;
using OrleansDb.Sql.Parsing;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class ParserTests
{
    /// <summary>An expression tree printed with full parentheses, to check grouping.</summary>
    private static string Show(Expr expr) => expr switch
    {
        LiteralExpr { Kind: LiteralKind.String } l => $"'{l.Text}'",
        LiteralExpr l => l.Text,
        ColumnRefExpr c => c.ToString(),
        ParameterExpr p => $"${p.Index}",
        UnaryExpr u => $"({u.Op} {Show(u.Operand)})",
        BinaryExpr b => $"({Show(b.Left)} {b.Op} {Show(b.Right)})",
        IsExpr i => $"({Show(i.Operand)} is {(i.Negated ? "not " : "")}{i.What})",
        BetweenExpr b => $"({Show(b.Operand)} {(b.Negated ? "not " : "")}between {Show(b.Low)} and {Show(b.High)})",
        InListExpr i => $"({Show(i.Operand)} {(i.Negated ? "not " : "")}in [{string.Join(", ", i.Items.Select(Show))}])",
        LikeExpr l => $"({Show(l.Operand)} {(l.Negated ? "not " : "")}like {Show(l.Pattern)})",
        CastExpr c => $"({Show(c.Operand)}::{c.Type})",
        FunctionCallExpr f => $"{f.Name}({string.Join(", ", f.Args.Select(Show))})",
        CaseExpr c => $"case{(c.Operand is null ? "" : " " + Show(c.Operand))}{string.Concat(c.Whens.Select(w => $" when {Show(w.When)} then {Show(w.Then)}"))}{(c.Else is null ? "" : " else " + Show(c.Else))} end",
        StarExpr s => s.Qualifier is null ? "*" : $"{s.Qualifier}.*",
        SubqueryExpr s => $"<{Show(s.Query)}>",
        InSubqueryExpr i => $"({Show(i.Operand)} {(i.Negated ? "not " : "")}in <{Show(i.Query)}>)",
        _ => expr.GetType().Name,
    };

    /// <summary>A query's shape: its select lists and set operators.</summary>
    private static string Show(QueryExpr query) => query switch
    {
        SelectQuery s => $"select {string.Join(", ", s.Items.Select(i => Show(i.Expr)))}",
        SetOperationQuery o => $"{Show(o.Left)} {o.Op.ToString().ToLowerInvariant()} {Show(o.Right)}",
        _ => query.GetType().Name,
    };

    private static string ParseExpr(string sql) => Show(Parser.ParseExpression(sql));

    private static SqlException SyntaxError(string sql)
    {
        var e = Assert.Throws<SqlException>(() => Parser.ParseScript(sql));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
        return e;
    }

    [Fact]
    public void Create_Table_With_Column_Primary_Key_Not_Null_And_Default()
    {
        var create = Assert.IsType<CreateTableStatement>(Parser.ParseSingle(
            "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty int DEFAULT 1 + 1, note varchar(20) NULL)"));
        Assert.Equal("items", create.Table.Name);
        Assert.Null(create.Table.Schema);
        Assert.False(create.IfNotExists);
        Assert.Equal(["id", "name", "qty", "note"], create.Columns.Select(c => c.Name));
        Assert.Equal(["integer", "text", "int", "varchar(20)"], create.Columns.Select(c => c.Type.ToString()));
        Assert.Equal(["id"], create.PrimaryKey!);
        Assert.True(create.Columns[0].Constraints.PrimaryKey);
        Assert.True(create.Columns[1].Constraints.NotNull);
        Assert.Equal("(1 + 1)", Show(create.Columns[2].Constraints.Default!));
        Assert.True(create.Columns[3].Constraints.Null);
    }

    [Fact]
    public void Create_Table_With_Composite_Table_Primary_Key()
    {
        var create = Assert.IsType<CreateTableStatement>(Parser.ParseSingle(
            "CREATE TABLE IF NOT EXISTS public.pairs (a int, b text, v double precision, CONSTRAINT pk PRIMARY KEY (a, b))"));
        Assert.True(create.IfNotExists);
        Assert.Equal("public", create.Table.Schema);
        Assert.Equal(["a", "b"], create.PrimaryKey!);
        Assert.Equal("double precision", create.Columns[2].Type.Name);
    }

    [Fact]
    public void Create_Table_With_Two_Primary_Keys_Is_Error_42P16()
    {
        var e = Assert.Throws<SqlException>(() => Parser.ParseSingle("CREATE TABLE t (a int PRIMARY KEY, b int, PRIMARY KEY (b))"));
        Assert.Equal(SqlState.InvalidTableDefinition, e.SqlState);
    }

    [Fact]
    public void Create_Table_Without_Primary_Key_Has_None()
    {
        var create = Assert.IsType<CreateTableStatement>(Parser.ParseSingle("CREATE TABLE t (a int)"));
        Assert.Null(create.PrimaryKey);
    }

    [Theory]
    [InlineData("DROP TABLE t", false, new[] { "t" })]
    [InlineData("DROP TABLE IF EXISTS t, s.u", true, new[] { "t", "s.u" })]
    public void Drop_Table(string sql, bool ifExists, string[] names)
    {
        var drop = Assert.IsType<DropTableStatement>(Parser.ParseSingle(sql));
        Assert.Equal(ifExists, drop.IfExists);
        Assert.Equal(names, drop.Tables.Select(t => t.ToString()));
    }

    [Fact]
    public void Insert_Without_Column_List_With_Multi_Row_Values()
    {
        var insert = Assert.IsType<InsertStatement>(Parser.ParseSingle("INSERT INTO t VALUES (1, 'a'), (2, DEFAULT), (-3, NULL)"));
        Assert.Null(insert.Columns);
        var values = Assert.IsType<ValuesQuery>(insert.Source);
        Assert.Equal(3, values.Rows.Count);
        Assert.Equal(["1", "'a'"], values.Rows[0].Select(Show));
        Assert.IsType<DefaultExpr>(values.Rows[1][1]);
        Assert.Equal(["-3", "null"], values.Rows[2].Select(Show));
    }

    [Fact]
    public void Insert_With_Column_List()
    {
        var insert = Assert.IsType<InsertStatement>(Parser.ParseSingle("INSERT INTO t (b, a) VALUES ('x', 1)"));
        Assert.Equal(["b", "a"], insert.Columns!);
    }

    [Fact]
    public void Insert_Default_Values_Is_One_Empty_Row()
    {
        var insert = Assert.IsType<InsertStatement>(Parser.ParseSingle("INSERT INTO t DEFAULT VALUES"));
        var values = Assert.IsType<ValuesQuery>(insert.Source);
        Assert.Empty(Assert.Single(values.Rows));
    }

    [Fact]
    public void Select_With_Expressions_Aliases_Where_Order_Limit_Offset()
    {
        var select = Assert.IsType<SelectStatement>(Parser.ParseSingle(
            "SELECT a + 1 AS x, b y, c, t.* FROM t WHERE a > 1 ORDER BY 1, b DESC, c ASC NULLS FIRST, a + 1 DESC NULLS LAST LIMIT 10 OFFSET 5"));
        var query = Assert.IsType<SelectQuery>(select.Query);
        Assert.Equal(["(a + 1)", "b", "c", "t.*"], query.Items.Select(i => Show(i.Expr)));
        Assert.Equal(["x", "y", null, null], query.Items.Select(i => i.Alias));
        Assert.Equal("t", Assert.IsType<TableRef>(Assert.Single(query.From)).Name.Name);
        Assert.Equal("(a > 1)", Show(query.Where!));
        Assert.Equal(["1", "b", "c", "(a + 1)"], query.OrderBy.Select(o => Show(o.Expr)));
        Assert.Equal([false, true, false, true], query.OrderBy.Select(o => o.Descending));
        Assert.Equal([null, null, true, false], query.OrderBy.Select(o => o.NullsFirst));
        Assert.Equal("10", Show(query.Limit!));
        Assert.Equal("5", Show(query.OffsetCount!));
    }

    [Fact]
    public void Select_Alias_May_Not_Be_A_Reserved_Word_Without_As()
    {
        var e = SyntaxError("SELECT a from FROM t");
        Assert.Equal(15, e.Position);
    }

    [Fact]
    public void Select_Alias_After_As_May_Be_A_Reserved_Word()
    {
        var query = Assert.IsType<SelectQuery>(Assert.IsType<SelectStatement>(Parser.ParseSingle("SELECT a AS from FROM t")).Query);
        Assert.Equal("from", Assert.Single(query.Items).Alias);
    }

    [Fact]
    public void Update_With_Assignments_And_Where()
    {
        var update = Assert.IsType<UpdateStatement>(Parser.ParseSingle("UPDATE t SET a = a + 1, b = DEFAULT WHERE id = 3"));
        Assert.Equal("t", update.Table.Name);
        Assert.Equal(["a", "b"], update.Assignments.Select(a => a.Column));
        Assert.Equal("(a + 1)", Show(update.Assignments[0].Value));
        Assert.IsType<DefaultExpr>(update.Assignments[1].Value);
        Assert.Equal("(id = 3)", Show(update.Where!));
    }

    [Fact]
    public void Delete_With_And_Without_Where()
    {
        Assert.Null(Assert.IsType<DeleteStatement>(Parser.ParseSingle("DELETE FROM t")).Where);
        Assert.Equal("(id < 3)", Show(Assert.IsType<DeleteStatement>(Parser.ParseSingle("DELETE FROM t WHERE id < 3")).Where!));
    }

    [Fact]
    public void Explain_Wraps_The_Statement()
    {
        var explain = Assert.IsType<ExplainStatement>(Parser.ParseSingle("EXPLAIN SELECT * FROM t WHERE id = 1"));
        Assert.IsType<SelectStatement>(explain.Inner);
    }

    [Fact]
    public void Script_Splits_On_Semicolons_And_Skips_Empty_Statements()
    {
        var statements = Parser.ParseScript(";SELECT 1;; INSERT INTO t VALUES (1);");
        Assert.Equal([typeof(SelectStatement), typeof(InsertStatement)], statements.Select(s => s.GetType()));
        Assert.Equal([1, 12], statements.Select(s => s.Offset));
    }

    [Fact]
    public void Parse_Single_Rejects_Two_Statements()
    {
        var e = Assert.Throws<SqlException>(() => Parser.ParseSingle("SELECT 1; SELECT 2"));
        Assert.Equal(SqlState.SyntaxError, e.SqlState);
    }

    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("2 * 3 % 4", "((2 * 3) % 4)")]
    [InlineData("2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)")]
    [InlineData("NOT a = b", "(not (a = b))")]
    [InlineData("NOT NOT a", "(not (not a))")]
    [InlineData("a OR b AND c", "(a or (b and c))")]
    [InlineData("a AND b OR c AND d", "((a and b) or (c and d))")]
    [InlineData("NOT a AND b", "((not a) and b)")]
    [InlineData("a = 1 OR NOT b IS NULL", "((a = 1) or (not (b is null)))")]
    [InlineData("- - 5", "5")]
    [InlineData("- 5", "-5")]
    [InlineData("-a", "(- a)")]
    [InlineData("- -a", "(- (- a))")]
    [InlineData("-2 ^ 2", "(-2 ^ 2)")]
    [InlineData("a*-1", "(a * -1)")]
    [InlineData("a || b || c", "((a || b) || c)")]
    [InlineData("a + 1 = b * 2", "((a + 1) = (b * 2))")]
    [InlineData("a BETWEEN 1 AND 2 AND b", "((a between 1 and 2) and b)")]
    [InlineData("a NOT IN (1, 2)", "(a not in [1, 2])")]
    [InlineData("a NOT LIKE 'x%'", "(a not like 'x%')")]
    [InlineData("a IS NOT NULL", "(a is not null)")]
    [InlineData("a::int + 1", "((a::int) + 1)")]
    [InlineData("-a::int", "(- (a::int))")]
    [InlineData("CAST(a AS bigint)", "(a::bigint)")]
    [InlineData("coalesce(a, 1)", "coalesce(a, 1)")]
    [InlineData("CASE WHEN a THEN 1 ELSE 2 END", "case when a then 1 else 2 end")]
    [InlineData("CASE a WHEN 1 THEN 'x' END", "case a when 1 then 'x' end")]
    [InlineData("t.a + $2", "(t.a + $2)")]
    public void Operator_Precedence_Follows_PostgreSQL(string sql, string tree)
    {
        Assert.Equal(tree, ParseExpr(sql));
    }

    [Theory]
    [InlineData("((SELECT 1) + 1)", "(<select 1> + 1)")]
    [InlineData("((SELECT 1) = 1)", "(<select 1> = 1)")]
    [InlineData("(((SELECT 1)) + 1)", "(<select 1> + 1)")]
    [InlineData("((SELECT 1))", "<select 1>")]
    [InlineData("((SELECT 1) UNION (SELECT 2))", "<select 1 union select 2>")]
    [InlineData("((SELECT 1) UNION (SELECT 2)) + 1", "(<select 1 union select 2> + 1)")]
    [InlineData("1 IN ((SELECT 1))", "(1 in <select 1>)")]
    [InlineData("1 IN ((SELECT 1), 2)", "(1 in [<select 1>, 2])")]
    [InlineData("1 IN ((SELECT 1) + 1)", "(1 in [(<select 1> + 1)])")]
    public void A_Parenthesis_Before_A_Subquery_Opens_A_Query_Only_When_The_Query_Continues_Or_Ends_There(string sql, string tree)
    {
        Assert.Equal(tree, ParseExpr(sql));
    }

    [Fact]
    public void A_Derived_Table_May_Be_A_Set_Operation_Of_Parenthesized_Queries()
    {
        var select = Assert.IsType<SelectQuery>(Assert.IsType<SelectStatement>(Parser.ParseSingle("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) s")).Query);
        var derived = Assert.IsType<SubqueryRef>(Assert.Single(select.From));
        Assert.Equal("select 1 union select 2", Show(derived.Query));
        Assert.Equal("s", derived.Alias);
    }

    [Theory]
    [InlineData("SELECT", 7)]
    [InlineData("SELECT 1 +", 11)]
    [InlineData("SELECT * FROM", 14)]
    [InlineData("SELECT (1", 10)]
    [InlineData("SELECT 1)", 9)]
    [InlineData("SELEC 1", 1)]
    [InlineData("SELECT a FROM t WHERE", 22)]
    [InlineData("INSERT t VALUES (1)", 8)]
    [InlineData("INSERT INTO t VALUES (1", 24)]
    [InlineData("UPDATE t a = 1", 12)]
    [InlineData("DELETE t", 8)]
    [InlineData("CREATE TABLE t (a int,)", 23)]
    [InlineData("CREATE TABLE t a int", 16)]
    [InlineData("DROP t", 6)]
    [InlineData("SELECT 1 2", 10)]
    [InlineData("SELECT a FROM t LIMIT 1 LIMIT 2", 25)]
    [InlineData("SELECT CASE END", 13)]
    public void Syntax_Errors_Are_42601_At_The_Offending_Token(string sql, int position)
    {
        Assert.Equal(position, SyntaxError(sql).Position);
    }

    [Fact]
    public void Chained_Comparison_Is_Syntax_Error_42601()
    {
        Assert.Equal(14, SyntaxError("SELECT 1 < 2 = true").Position);
    }

    [Fact]
    public void Order_Without_By_Is_Syntax_Error_At_The_Token_After_Order()
    {
        Assert.Equal(23, SyntaxError("SELECT a FROM t ORDER a").Position);
    }

    [Fact]
    public void Syntax_Error_Position_Counts_From_The_Start_Of_The_Request()
    {
        var e = SyntaxError("SELECT 1;\nSELECT 2 +;");
        Assert.Equal(21, e.Position);
        Assert.Equal("syntax error at or near \";\"", e.Message);
    }

    [Fact]
    public void Syntax_Error_At_End_Says_So()
    {
        Assert.Equal("syntax error at end of input", SyntaxError("SELECT 1 +").Message);
    }
}
