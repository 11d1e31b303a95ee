using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    /// <summary>Name of the hidden row-id column of a table declared without a primary key.</summary>
    public const string RowIdColumn = "rowid";

    private BoundStatement BindCreateTable(CreateTableStatement create)
    {
        string schema = create.Table.Schema ?? DefaultSchema;
        if (schema != DefaultSchema)
        {
            throw new SqlException(SqlState.InvalidSchemaName, $"schema \"{schema}\" does not exist", create.Table.Offset + 1);
        }
        if (create.UniqueConstraints.Count > 0)
        {
            throw new SqlException(SqlState.FeatureNotSupported, "UNIQUE constraints are not supported yet", create.Offset + 1);
        }
        var columns = new List<ColumnSchema>();
        foreach (var def in create.Columns)
        {
            if (columns.Any(c => c.Name == def.Name))
            {
                throw new SqlException(SqlState.DuplicateColumn, $"column \"{def.Name}\" specified more than once", def.Offset + 1);
            }
            var type = TypeRules.FromTypeName(def.Type);
            string? defaultSql = null;
            if (def.Constraints.Default is not null)
            {
                var bound = BindExpr(def.Constraints.Default, null);
                var column = new ColumnSchema(def.Name, type, false, null);
                defaultSql = AssignTo(column, bound, def.Constraints.Default.Offset).ToString();
            }
            columns.Add(new ColumnSchema(def.Name, type, def.Constraints.NotNull, defaultSql));
        }
        var key = new List<int>();
        if (create.PrimaryKey is not null)
        {
            foreach (string name in create.PrimaryKey)
            {
                int ordinal = columns.FindIndex(c => c.Name == name);
                if (ordinal < 0)
                {
                    throw new SqlException(SqlState.UndefinedColumn, $"column \"{name}\" named in key does not exist", create.Offset + 1);
                }
                if (key.Contains(ordinal))
                {
                    throw new SqlException(SqlState.DuplicateColumn, $"column \"{name}\" appears twice in primary key constraint", create.Offset + 1);
                }
                key.Add(ordinal);
                columns[ordinal] = columns[ordinal] with { NotNull = true };
            }
        }
        else
        {
            columns.Add(new ColumnSchema(RowIdColumn, SqlType.BigInt, true, null, Hidden: true));
            key.Add(columns.Count - 1);
        }
        var table = new TableSchema(0, schema, create.Table.Name, columns, key, 1);
        return new BoundCreateTable(table, create.IfNotExists);
    }

    private BoundDropTable BindDropTable(DropTableStatement drop)
    {
        var tables = new List<TableSchema>();
        var missing = new List<string>();
        foreach (var name in drop.Tables)
        {
            var table = _catalog.FindTable(name.Schema, name.Name);
            if (table is null)
            {
                if (!drop.IfExists) throw new SqlException(SqlState.UndefinedTable, $"table \"{name.Name}\" does not exist", name.Offset + 1);
                missing.Add(name.Name);
            }
            else if (!tables.Contains(table))
            {
                tables.Add(table);
            }
        }
        return new BoundDropTable(tables, missing, drop.IfExists);
    }
}
