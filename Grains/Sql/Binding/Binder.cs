using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

/// <summary>
/// Resolves a parsed statement against the catalog: names to tables and columns, expressions to typed
/// <see cref="Expressions.BoundExpr"/> trees, queries to <see cref="LogicalNode"/> trees. Errors carry
/// the SQLSTATE and the position of the offending name or expression.
/// </summary>
public sealed partial class Binder
{
    public const string DefaultSchema = "public";

    private readonly ICatalogReader _catalog;
    private readonly IReadOnlyList<Value> _parameters;

    /// <param name="parameters">The statement's parameter values; their kinds type the $n references.</param>
    public Binder(ICatalogReader catalog, IReadOnlyList<Value> parameters)
    {
        _catalog = catalog;
        _parameters = parameters;
    }

    public BoundStatement Bind(Statement statement) => statement switch
    {
        SelectStatement select => new BoundQuery(BindQuery(select.Query)),
        InsertStatement insert => BindInsert(insert),
        UpdateStatement update => BindUpdate(update),
        DeleteStatement delete => BindDelete(delete),
        CreateTableStatement create => BindCreateTable(create),
        DropTableStatement drop => BindDropTable(drop),
        CreateIndexStatement create => BindCreateIndex(create),
        CreateViewStatement create => BindCreateView(create),
        DropRelationStatement drop => BindDropRelation(drop),
        CreateSequenceStatement create => BindCreateSequence(create),
        AlterTableStatement alter => BindAlterTable(alter),
        CreateSchemaStatement create => new BoundCreateSchema(create.Name, create.IfNotExists),
        DropSchemaStatement drop => new BoundDropSchema(drop.Names, drop.IfExists),
        ExplainStatement explain => new BoundExplain(Bind(explain.Inner)),
        _ => throw SqlException.NotSupported(statement.GetType().Name),
    };

    private Storage.TableSchema ResolveTable(ObjectName name)
    {
        if (_catalog.FindTable(name.Schema, name.Name) is { } table) return table;
        if (_catalog.RelationExists(name.Schema, name.Name))
        {
            throw new SqlException(SqlState.WrongObjectType, $"\"{name}\" is not a table", name.Offset + 1);
        }
        throw new SqlException(SqlState.UndefinedTable, $"relation \"{name}\" does not exist", name.Offset + 1);
    }
}
