using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    /// <summary>INSERT: the source is bound to full table rows, with DEFAULT (or NULL) for columns not given.</summary>
    private BoundInsert BindInsert(InsertStatement insert)
    {
        var table = ResolveTable(insert.Table);
        var targets = new List<int>();
        if (insert.Columns is null)
        {
            for (int i = 0; i < table.Columns.Count; i++)
            {
                if (!table.Columns[i].Hidden) targets.Add(i);
            }
        }
        else
        {
            foreach (string name in insert.Columns)
            {
                int ordinal = table.FindColumn(name);
                if (ordinal < 0)
                {
                    throw new SqlException(SqlState.UndefinedColumn, $"column \"{name}\" of relation \"{table.Name}\" does not exist", insert.Table.Offset + 1);
                }
                if (targets.Contains(ordinal))
                {
                    throw new SqlException(SqlState.DuplicateColumn, $"column \"{name}\" specified more than once", insert.Table.Offset + 1);
                }
                targets.Add(ordinal);
            }
        }

        if (insert.Source is ValuesQuery values && values.OrderBy.Count == 0 && values.Limit is null && values.OffsetCount is null)
        {
            var rows = new List<IReadOnlyList<BoundExpr>>();
            foreach (var row in values.Rows)
            {
                if (row.Count > targets.Count && !(row.Count == 0)) throw SqlException.Syntax("INSERT has more expressions than target columns", row[targets.Count].Offset);
                if (row.Count < targets.Count && row.Count > 0 && insert.Columns is not null)
                {
                    throw SqlException.Syntax("INSERT has more target columns than expressions", insert.Table.Offset);
                }
                var full = DefaultRow(table);
                for (int i = 0; i < row.Count; i++)
                {
                    if (row[i] is DefaultExpr) continue;
                    full[targets[i]] = AssignTo(table.Columns[targets[i]], BindExpr(row[i], null), row[i].Offset);
                }
                rows.Add(full);
            }
            return new BoundInsert(table, new LogicalValues(rows, table.Columns.Select(c => new OutputColumn(c.Name, c.Type)).ToList()));
        }

        var source = BindQuery(insert.Source);
        if (source.Columns.Count > targets.Count) throw SqlException.Syntax("INSERT has more expressions than target columns", insert.Source.Offset);
        if (source.Columns.Count < targets.Count && insert.Columns is not null)
        {
            throw SqlException.Syntax("INSERT has more target columns than expressions", insert.Table.Offset);
        }
        var exprs = DefaultRow(table);
        for (int i = 0; i < source.Columns.Count; i++)
        {
            exprs[targets[i]] = AssignTo(table.Columns[targets[i]], new ColumnExpr(i, source.Columns[i].Type, source.Columns[i].Name), insert.Source.Offset);
        }
        return new BoundInsert(table, new LogicalProject(source, exprs, table.Columns.Select(c => c.Name).ToList()));
    }

    /// <summary>Each column's DEFAULT expression, or NULL; the hidden row id is filled in by the executor.</summary>
    private List<BoundExpr> DefaultRow(TableSchema table)
    {
        var row = new List<BoundExpr>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            row.Add(column.DefaultSql is null
                ? new ConstantExpr(Value.Null, column.Type)
                : AssignTo(column, BindExpr(Parser.ParseExpression(column.DefaultSql), null), 0));
        }
        return row;
    }

    /// <summary>Converts a value for storing in a column, as PostgreSQL's assignment casts allow (42804 otherwise).</summary>
    private static BoundExpr AssignTo(ColumnSchema column, BoundExpr value, int offset)
    {
        if (!Casts.CanAssign(value.Type, column.Type))
        {
            throw new SqlException(SqlState.DatatypeMismatch,
                $"column \"{column.Name}\" is of type {column.Type.Name} but expression is of type {value.Type.Name}", offset + 1);
        }
        return TypeRules.Coerce(value, column.Type, offset);
    }

    private BoundUpdate BindUpdate(UpdateStatement update)
    {
        var table = ResolveTable(update.Table);
        var scope = TableScope(table, update.Alias);
        var filter = update.Where is null ? null : RequireBoolean(BindExpr(update.Where, scope), "WHERE", update.Where.Offset);
        var assignments = new List<(int, BoundExpr)>();
        foreach (var assignment in update.Assignments)
        {
            int ordinal = table.FindColumn(assignment.Column);
            if (ordinal < 0)
            {
                throw new SqlException(SqlState.UndefinedColumn, $"column \"{assignment.Column}\" of relation \"{table.Name}\" does not exist", assignment.Offset + 1);
            }
            if (assignments.Any(a => a.Item1 == ordinal))
            {
                throw new SqlException(SqlState.SyntaxError, $"multiple assignments to same column \"{assignment.Column}\"", assignment.Offset + 1);
            }
            var column = table.Columns[ordinal];
            var value = assignment.Value is DefaultExpr
                ? DefaultRow(table)[ordinal]
                : AssignTo(column, BindExpr(assignment.Value, scope), assignment.Value.Offset);
            assignments.Add((ordinal, value));
        }
        return new BoundUpdate(table, filter, assignments);
    }

    private BoundDelete BindDelete(DeleteStatement delete)
    {
        var table = ResolveTable(delete.Table);
        var scope = TableScope(table, delete.Alias);
        var filter = delete.Where is null ? null : RequireBoolean(BindExpr(delete.Where, scope), "WHERE", delete.Where.Offset);
        return new BoundDelete(table, filter);
    }

    private static BindScope TableScope(TableSchema table, string? alias)
    {
        var scope = new BindScope();
        scope.AddRelation(alias ?? table.Name, table.Columns.Select(c => (c.Name, c.Type, c.Hidden)));
        return scope;
    }
}
