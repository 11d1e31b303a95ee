using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    /// <summary>
    /// Binds a query to Scan → Filter → Project(select list + sort-only columns) → Sort → Limit → Trim.
    /// </summary>
    public LogicalNode BindQuery(QueryExpr query)
    {
        if (query.With.Count > 0) throw new SqlException(SqlState.FeatureNotSupported, "WITH is not supported yet", query.Offset + 1);
        switch (query)
        {
            case SelectQuery select:
                return BindSelect(select);
            case ValuesQuery values:
                {
                    var node = BindValues(values, null);
                    return BindOrderAndLimit(query, node, new BindScope(), null);
                }
            default:
                throw new SqlException(SqlState.FeatureNotSupported, "UNION, INTERSECT and EXCEPT are not supported yet", query.Offset + 1);
        }
    }

    private LogicalNode BindSelect(SelectQuery select)
    {
        var scope = new BindScope();
        LogicalNode input;
        if (select.From.Count == 0)
        {
            input = new LogicalValues([[]], []);
        }
        else if (select.From is [TableRef table])
        {
            var schema = ResolveTable(table.Name);
            string alias = table.Alias ?? schema.Name;
            if (table.ColumnAliases is not null) throw new SqlException(SqlState.FeatureNotSupported, "column aliases on tables are not supported yet", table.Offset + 1);
            scope.AddRelation(alias, schema.Columns.Select(c => (c.Name, c.Type, c.Hidden)));
            input = new LogicalScan(schema, alias);
        }
        else
        {
            throw new SqlException(SqlState.FeatureNotSupported, "joins and subqueries in FROM are not supported yet", select.From[0].Offset + 1);
        }

        if (select.Where is not null)
        {
            var predicate = BindExpr(select.Where, scope);
            predicate = RequireBoolean(predicate, "WHERE", select.Where.Offset);
            input = new LogicalFilter(input, predicate);
        }
        if (select.GroupBy.Count > 0 || select.Having is not null)
        {
            throw new SqlException(SqlState.FeatureNotSupported, "GROUP BY and HAVING are not supported yet", select.Offset + 1);
        }

        var exprs = new List<BoundExpr>();
        var names = new List<string>();
        foreach (var item in select.Items)
        {
            if (item.Expr is StarExpr star)
            {
                if (star.Qualifier is not null && !scope.HasRelation(star.Qualifier))
                {
                    throw new SqlException(SqlState.UndefinedTable, $"missing FROM-clause entry for table \"{star.Qualifier}\"", star.Offset + 1);
                }
                if (select.From.Count == 0) throw SqlException.Syntax("SELECT * with no tables specified is not valid", star.Offset);
                foreach (var column in scope.Columns)
                {
                    if (column.Hidden || (star.Qualifier is not null && column.Relation != star.Qualifier)) continue;
                    exprs.Add(new ColumnExpr(column.Ordinal, column.Type, column.Name));
                    names.Add(column.Name);
                }
                continue;
            }
            var bound = BindExpr(item.Expr, scope);
            if (bound.Type.Id == SqlTypeId.Unknown) bound = TypeRules.Coerce(bound, SqlType.Text, item.Offset);
            exprs.Add(bound);
            names.Add(item.Alias ?? DeriveName(item.Expr));
        }
        var project = new LogicalProject(input, exprs, names);
        return BindOrderAndLimit(select, project, scope, select.Distinct ? "DISTINCT" : null);
    }

    /// <summary>The column name PostgreSQL gives an unaliased select item.</summary>
    private static string DeriveName(Expr expr) => expr switch
    {
        ColumnRefExpr c => c.Column,
        FunctionCallExpr f => f.Name.Contains('.') ? f.Name[(f.Name.LastIndexOf('.') + 1)..] : f.Name,
        Parsing.CastExpr c => c.Operand is ColumnRefExpr or FunctionCallExpr ? DeriveName(c.Operand) : TypeDisplayName(c.Type),
        Parsing.CaseExpr => "case",
        LiteralExpr { Kind: LiteralKind.Boolean } => "bool",
        _ => "?column?",
    };

    private static string TypeDisplayName(TypeName type) => type.Name switch
    {
        "int" or "integer" => "int4",
        "bigint" => "int8",
        "smallint" => "int2",
        "real" => "float4",
        "double precision" or "float" => "float8",
        "boolean" => "bool",
        _ => type.Name,
    };

    /// <summary>
    /// ORDER BY / LIMIT / OFFSET over a projection. An ORDER BY item is, in PostgreSQL's order: a
    /// position in the select list, a bare output-column name, or an expression over the input (added
    /// as a hidden column when not in the select list, which DISTINCT forbids).
    /// </summary>
    private LogicalNode BindOrderAndLimit(QueryExpr query, LogicalNode projected, BindScope scope, string? distinct)
    {
        LogicalNode node = projected;
        int visible = projected.Columns.Count;
        if (query.OrderBy.Count > 0)
        {
            var keys = new List<SortKey>();
            var project = projected as LogicalProject;
            var extra = new List<BoundExpr>();
            foreach (var item in query.OrderBy)
            {
                int ordinal = ResolveOrderItem(item, projected, project, scope, extra, distinct);
                var column = ordinal < visible ? projected.Columns[ordinal] : new OutputColumn("?", extra[ordinal - visible].Type);
                bool nullsFirst = item.NullsFirst ?? item.Descending;
                keys.Add(new SortKey(new ColumnExpr(ordinal, column.Type, column.Name), item.Descending, nullsFirst));
            }
            if (extra.Count > 0 && project is not null)
            {
                node = new LogicalProject(project.Input, [.. project.Exprs, .. extra], [.. project.Names, .. extra.Select(_ => "?sort?")]);
            }
            if (distinct is not null) node = new LogicalDistinct(node);
            node = new LogicalSort(node, keys);
        }
        else if (distinct is not null)
        {
            node = new LogicalDistinct(node);
        }
        if (query.Limit is not null || query.OffsetCount is not null)
        {
            node = new LogicalLimit(node, BindCount(query.Limit, "LIMIT"), BindCount(query.OffsetCount, "OFFSET"));
        }
        return node.Columns.Count > visible ? new LogicalTrim(node, visible) : node;
    }

    private int ResolveOrderItem(OrderItem item, LogicalNode projected, LogicalProject? project, BindScope scope, List<BoundExpr> extra, string? distinct)
    {
        int visible = projected.Columns.Count;
        if (item.Expr is LiteralExpr { Kind: LiteralKind.Integer } position)
        {
            if (!int.TryParse(position.Text, out int p) || p < 1 || p > visible)
            {
                throw new SqlException(SqlState.InvalidColumnReference, $"ORDER BY position {position.Text} is not in select list", item.Offset + 1);
            }
            return p - 1;
        }
        if (item.Expr is ColumnRefExpr { Parts.Count: 1 } name)
        {
            int match = -1;
            for (int i = 0; i < visible; i++)
            {
                if (projected.Columns[i].Name != name.Column) continue;
                if (match >= 0 && !(project is not null && project.Exprs[i].ToString() == project.Exprs[match].ToString()))
                {
                    throw new SqlException(SqlState.AmbiguousColumn, $"ORDER BY \"{name.Column}\" is ambiguous", item.Offset + 1);
                }
                if (match < 0) match = i;
            }
            if (match >= 0) return match;
        }
        if (project is null)
        {
            throw new SqlException(SqlState.UndefinedColumn, $"column \"{item.Expr}\" does not exist", item.Offset + 1);
        }
        var bound = BindExpr(item.Expr, scope);
        string printed = bound.ToString()!;
        for (int i = 0; i < project.Exprs.Count; i++)
        {
            if (project.Exprs[i].ToString() == printed && project.Exprs[i].Type == bound.Type) return i;
        }
        for (int i = 0; i < extra.Count; i++)
        {
            if (extra[i].ToString() == printed) return visible + i;
        }
        if (distinct is not null)
        {
            throw new SqlException(SqlState.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list", item.Offset + 1);
        }
        extra.Add(bound);
        return visible + extra.Count - 1;
    }

    private BoundExpr? BindCount(Expr? expr, string clause)
    {
        if (expr is null) return null;
        var bound = BindExpr(expr, null);
        if (bound.Type.Id == SqlTypeId.Unknown) bound = TypeRules.Coerce(bound, SqlType.BigInt, expr.Offset);
        if (!bound.Type.IsInteger)
        {
            throw new SqlException(SqlState.DatatypeMismatch, $"argument of {clause} must be type bigint, not type {bound.Type.Name}", expr.Offset + 1);
        }
        return bound;
    }

    /// <summary>VALUES rows; each column takes the common type of its rows.</summary>
    private LogicalValues BindValues(ValuesQuery values, BindScope? scope)
    {
        var rows = values.Rows.Select(r => r.Select(e => BindExpr(e, scope)).ToList()).ToList();
        int width = rows[0].Count;
        var columns = new List<OutputColumn>();
        for (int c = 0; c < width; c++)
        {
            int column = c;
            var type = TypeRules.CommonType(rows.Select(r => r[column].Type))
                ?? throw new SqlException(SqlState.DatatypeMismatch, $"VALUES types {string.Join(" and ", rows.Select(r => r[column].Type.Name).Distinct())} cannot be matched", values.Offset + 1);
            for (int r = 0; r < rows.Count; r++) rows[r][c] = TypeRules.Coerce(rows[r][c], type, values.Rows[r][c].Offset);
            columns.Add(new OutputColumn($"column{c + 1}", type));
        }
        return new LogicalValues(rows, columns);
    }
}
