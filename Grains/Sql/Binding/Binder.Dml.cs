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
                    RefuseGeneratedAlways(table.Columns[targets[i]], row[i].Offset);
                    full[targets[i]] = AssignTo(table.Columns[targets[i]], BindExpr(row[i], null), row[i].Offset);
                }
                rows.Add(full);
            }
            return new BoundInsert(table, new LogicalValues(rows, table.Columns.Select(c => new OutputColumn(c.Name, c.Type)).ToList()),
                BindOnConflict(insert, table), BindReturning(insert.Returning, TableScope(table, insert.Alias)));
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
            RefuseGeneratedAlways(table.Columns[targets[i]], insert.Source.Offset);
            exprs[targets[i]] = AssignTo(table.Columns[targets[i]], new ColumnExpr(i, source.Columns[i].Type, source.Columns[i].Name), insert.Source.Offset);
        }
        return new BoundInsert(table, new LogicalProject(source, exprs, table.Columns.Select(c => c.Name).ToList()),
            BindOnConflict(insert, table), BindReturning(insert.Returning, TableScope(table, insert.Alias)));
    }

    /// <summary>ON CONFLICT: the target must be the primary key or a unique index (42P10 otherwise).</summary>
    private BoundOnConflict? BindOnConflict(InsertStatement insert, TableSchema table)
    {
        if (insert.OnConflict is not { } clause) return null;
        bool onPrimaryKey = false;
        IndexSchema? index = null;
        if (clause.Target is not null)
        {
            var ordinals = new HashSet<int>();
            foreach (var name in clause.Target)
            {
                int ordinal = table.FindColumn(name);
                if (ordinal < 0) throw new SqlException(SqlState.UndefinedColumn, $"column \"{name}\" does not exist", clause.Offset + 1);
                ordinals.Add(ordinal);
            }
            if (!table.HasHiddenRowId && ordinals.SetEquals(table.PrimaryKey)) onPrimaryKey = true;
            else index = _catalog.IndexesOf(table.Id).FirstOrDefault(i => i.Unique && ordinals.SetEquals(i.Columns.Select(c => c.Ordinal)))
                ?? throw new SqlException(SqlState.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification", clause.Offset + 1);
        }
        if (clause.Updates is null) return new BoundOnConflict(onPrimaryKey, index, null, null);
        // DO UPDATE reads the existing row (the table's name or alias) and the proposed row (EXCLUDED).
        var scope = TableScope(table, insert.Alias);
        scope.AddRelation("excluded", table.Columns.Select(c => (c.Name, c.Type, c.Hidden)), clause.Offset);
        var updates = BindAssignments(table, clause.Updates, scope);
        var where = clause.Where is null ? null : RequireBoolean(BindExpr(clause.Where, scope), "WHERE", clause.Where.Offset);
        return new BoundOnConflict(onPrimaryKey, index, updates, where);
    }

    private BoundReturning? BindReturning(IReadOnlyList<SelectItem>? items, BindScope scope)
    {
        if (items is null) return null;
        var exprs = new List<BoundExpr>();
        var names = new List<string>();
        foreach (var item in items)
        {
            if (item.Expr is StarExpr star)
            {
                foreach (var column in scope.Columns)
                {
                    if (column.Hidden || column.MergedAway || (star.Qualifier is not null && column.Relation != star.Qualifier)) continue;
                    exprs.Add(BindScope.ValueOf(column, 0));
                    names.Add(column.Name);
                }
                continue;
            }
            var bound = BindExpr(item.Expr, scope);
            if (bound.Type.Id == SqlTypeId.Unknown) bound = TypeRules.Coerce(bound, SqlType.Text, item.Offset);
            exprs.Add(bound);
            names.Add(item.Alias ?? DeriveName(item.Expr));
        }
        return new BoundReturning(exprs, names);
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

    /// <summary>A GENERATED ALWAYS AS IDENTITY column takes only its DEFAULT (428C9).</summary>
    private static void RefuseGeneratedAlways(ColumnSchema column, int offset)
    {
        if (column.AlwaysGenerated)
        {
            throw new SqlException(SqlState.GeneratedAlways,
                $"cannot insert a non-DEFAULT value into column \"{column.Name}\": it is an identity column defined as GENERATED ALWAYS", offset + 1);
        }
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
        LogicalNode? from = null;
        if (update.From.Count > 0)
        {
            var (fromNode, fromScope) = BindFrom(update.From, null, update.Offset);
            scope.Append(fromScope, update.Offset);
            from = fromNode;
        }
        var filter = update.Where is null ? null : RequireBoolean(BindNoAggregates(update.Where, scope, "WHERE"), "WHERE", update.Where.Offset);
        var assignments = BindAssignments(table, update.Assignments, scope);
        return new BoundUpdate(table, filter, assignments, from, BindReturning(update.Returning, scope));
    }

    private List<(int, BoundExpr)> BindAssignments(TableSchema table, IReadOnlyList<Assignment> items, BindScope scope)
    {
        var assignments = new List<(int, BoundExpr)>();
        foreach (var assignment in items)
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
            if (column.AlwaysGenerated && assignment.Value is not DefaultExpr)
            {
                throw new SqlException(SqlState.GeneratedAlways, $"column \"{column.Name}\" can only be updated to DEFAULT", assignment.Offset + 1);
            }
            var value = assignment.Value is DefaultExpr
                ? DefaultRow(table)[ordinal]
                : AssignTo(column, BindNoAggregates(assignment.Value, scope, "UPDATE"), assignment.Value.Offset);
            assignments.Add((ordinal, value));
        }
        return assignments;
    }

    private BoundDelete BindDelete(DeleteStatement delete)
    {
        var table = ResolveTable(delete.Table);
        var scope = TableScope(table, delete.Alias);
        LogicalNode? usingNode = null;
        if (delete.Using.Count > 0)
        {
            var (node, usingScope) = BindFrom(delete.Using, null, delete.Offset);
            scope.Append(usingScope, delete.Offset);
            usingNode = node;
        }
        var filter = delete.Where is null ? null : RequireBoolean(BindNoAggregates(delete.Where, scope, "WHERE"), "WHERE", delete.Where.Offset);
        return new BoundDelete(table, filter, usingNode, BindReturning(delete.Returning, scope));
    }

    private static BindScope TableScope(TableSchema table, string? alias)
    {
        var scope = new BindScope();
        scope.AddRelation(alias ?? table.Name, table.Columns.Select(c => (c.Name, c.Type, c.Hidden)));
        return scope;
    }
}
