using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

/// <summary>
/// The information_schema views, computed from the catalog the statement sees: tables (tables and
/// views), columns, and schemata, with PostgreSQL's column names and values.
/// </summary>
public static class InformationSchema
{
    private const string CatalogName = "orleansdb";

    public static (List<Value[]> Rows, List<OutputColumn> Columns)? Rows(string view, ICatalogReader catalog) => view switch
    {
        "tables" => Tables(catalog),
        "columns" => Columns(catalog),
        "schemata" => Schemata(catalog),
        _ => null,
    };

    private static (List<Value[]>, List<OutputColumn>) Tables(ICatalogReader catalog)
    {
        var columns = Texts("table_catalog", "table_schema", "table_name", "table_type");
        var rows = catalog.AllTables.Select(t => Row(CatalogName, t.SchemaName, t.Name, "BASE TABLE"))
            .Concat(catalog.AllViews.Select(v => Row(CatalogName, v.SchemaName, v.Name, "VIEW")))
            .OrderBy(r => r[1].AsText, StringComparer.Ordinal).ThenBy(r => r[2].AsText, StringComparer.Ordinal)
            .ToList();
        return (rows, columns);
    }

    private static (List<Value[]>, List<OutputColumn>) Columns(ICatalogReader catalog)
    {
        var columns = Texts("table_catalog", "table_schema", "table_name", "column_name");
        columns.Add(new OutputColumn("ordinal_position", SqlType.Integer));
        columns.AddRange(Texts("column_default", "is_nullable", "data_type"));
        var rows = new List<Value[]>();
        foreach (var table in catalog.AllTables.OrderBy(t => t.SchemaName, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            int position = 0;
            foreach (var column in table.Columns.Where(c => !c.Hidden))
            {
                position++;
                rows.Add(
                [
                    Value.FromText(CatalogName), Value.FromText(table.SchemaName), Value.FromText(table.Name), Value.FromText(column.Name),
                    Value.FromInteger(position),
                    column.DefaultSql is null ? Value.Null : Value.FromText(column.DefaultSql),
                    Value.FromText(column.NotNull ? "NO" : "YES"),
                    Value.FromText(DataType(column.Type)),
                ]);
            }
        }
        return (rows, columns);
    }

    private static (List<Value[]>, List<OutputColumn>) Schemata(ICatalogReader catalog)
    {
        var schemas = catalog.AllSchemas.Append("information_schema").Distinct().Order(StringComparer.Ordinal);
        return (schemas.Select(s => Row(CatalogName, s)).ToList(), Texts("catalog_name", "schema_name"));
    }

    /// <summary>The type's name without modifiers, as information_schema.columns.data_type shows it.</summary>
    private static string DataType(SqlType type) => type.Id switch
    {
        SqlTypeId.Varchar => "character varying",
        SqlTypeId.Numeric => "numeric",
        _ => type.Name,
    };

    private static Value[] Row(params string[] values) => values.Select(Value.FromText).ToArray();

    private static List<OutputColumn> Texts(params string[] names) => names.Select(n => new OutputColumn(n, SqlType.Text)).ToList();
}
