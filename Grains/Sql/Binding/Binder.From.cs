using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    /// <summary>
    /// The FROM clause: each item (table, view, CTE, derived table, join) bound in order; comma-separated
    /// items are cross joins (the planner turns WHERE conditions into join conditions). The scope's row is
    /// the items' columns side by side.
    /// </summary>
    private (LogicalNode Node, BindScope Scope) BindFrom(IReadOnlyList<FromItem> from, BindScope? outer, int offset)
    {
        var scope = new BindScope { Outer = outer };
        if (from.Count == 0) return (new LogicalValues([[]], []), scope);
        LogicalNode? node = null;
        foreach (var item in from)
        {
            var (itemNode, itemScope) = BindFromItem(item, outer);
            scope.Append(itemScope, item.Offset);
            node = node is null ? itemNode : new LogicalJoin(node, itemNode, LogicalJoinKind.Inner, null);
        }
        return (node!, scope);
    }

    private (LogicalNode Node, BindScope Scope) BindFromItem(FromItem item, BindScope? outer)
    {
        switch (item)
        {
            case TableRef table:
                {
                    if (table.Name.Schema is null && FindCte(table.Name.Name) is { } cte)
                    {
                        var cteNode = BindQuery(cte.Query, outer);
                        return DerivedTable(cteNode, table.Alias ?? cte.Name, table.ColumnAliases ?? cte.Columns, table.Offset);
                    }
                    if (table.Name.Schema == "information_schema")
                    {
                        var (rows, columns) = InformationSchema.Rows(table.Name.Name, _catalog)
                            ?? throw new SqlException(SqlState.UndefinedTable, $"relation \"{table.Name}\" does not exist", table.Name.Offset + 1);
                        var values = new LogicalValues(rows.Select(r => (IReadOnlyList<BoundExpr>)r.Select((v, i) => (BoundExpr)new ConstantExpr(v, columns[i].Type)).ToList()).ToList(), columns);
                        return DerivedTable(values, table.Alias ?? table.Name.Name, table.ColumnAliases, table.Offset);
                    }
                    if (_catalog.FindView(table.Name.Schema, table.Name.Name) is { } view)
                    {
                        return BindView(view, table);
                    }
                    var schema = ResolveTable(table.Name);
                    string alias = table.Alias ?? schema.Name;
                    var scope = new BindScope { Outer = outer };
                    var names = schema.Columns.Select(c => c.Name).ToList();
                    if (table.ColumnAliases is not null)
                    {
                        var visible = schema.Columns.Select((c, i) => (c, i)).Where(x => !x.c.Hidden).ToList();
                        if (table.ColumnAliases.Count > visible.Count)
                        {
                            throw new SqlException(SqlState.InvalidColumnReference, $"table \"{alias}\" has {visible.Count} columns available but {table.ColumnAliases.Count} columns specified", table.Offset + 1);
                        }
                        for (int i = 0; i < table.ColumnAliases.Count; i++) names[visible[i].i] = table.ColumnAliases[i];
                    }
                    scope.AddRelation(alias, schema.Columns.Select((c, i) => (names[i], c.Type, c.Hidden)), table.Offset);
                    return (new LogicalScan(schema, alias, _catalog.IndexesOf(schema.Id)), scope);
                }
            case SubqueryRef sub:
                return DerivedTable(BindQuery(sub.Query, outer), sub.Alias, sub.ColumnAliases, sub.Offset);
            case JoinRef join:
                return BindJoin(join, outer);
            default:
                throw SqlException.NotSupported(item.GetType().Name);
        }
    }

    /// <summary>A view is its stored query, bound where it is used (as a derived table named after the view).</summary>
    private (LogicalNode, BindScope) BindView(Storage.ViewSchema view, TableRef table)
    {
        if (_viewDepth > 32) throw new SqlException(SqlState.InvalidRecursion, $"infinite recursion detected in view \"{view.Name}\"", table.Offset + 1);
        _viewDepth++;
        try
        {
            var statement = Parser.ParseSingle(view.Sql);
            var query = statement is SelectStatement select ? select.Query : throw new SqlException(SqlState.InternalError, $"view \"{view.Name}\" is not a query");
            var saved = _ctes.ToList();
            _ctes.Clear(); // a view sees no CTE of the query that uses it
            try
            {
                var node = BindQuery(query, null);
                return DerivedTable(node, table.Alias ?? view.Name, table.ColumnAliases ?? view.ColumnNames, table.Offset);
            }
            finally
            {
                _ctes.AddRange(saved);
            }
        }
        finally
        {
            _viewDepth--;
        }
    }

    private int _viewDepth;

    private CommonTableExpr? FindCte(string name)
    {
        for (int i = _ctes.Count - 1; i >= 0; i--)
        {
            if (_ctes[i].TryGetValue(name, out var cte)) return cte;
        }
        return null;
    }

    private static (LogicalNode, BindScope) DerivedTable(LogicalNode node, string alias, IReadOnlyList<string>? columnAliases, int offset)
    {
        var names = node.Columns.Select(c => c.Name).ToList();
        if (columnAliases is not null)
        {
            if (columnAliases.Count > names.Count)
            {
                throw new SqlException(SqlState.InvalidColumnReference, $"table \"{alias}\" has {names.Count} columns available but {columnAliases.Count} columns specified", offset + 1);
            }
            for (int i = 0; i < columnAliases.Count; i++) names[i] = columnAliases[i];
        }
        var scope = new BindScope();
        scope.AddRelation(alias, node.Columns.Select((c, i) => (names[i], c.Type, false)), offset);
        return (node, scope);
    }

    private (LogicalNode, BindScope) BindJoin(JoinRef join, BindScope? outer)
    {
        var (left, leftScope) = BindFromItem(join.Left, outer);
        var (right, rightScope) = BindFromItem(join.Right, outer);
        int leftWidth = leftScope.Width;
        var scope = new BindScope { Outer = outer };
        scope.Append(leftScope, join.Offset);
        scope.Append(rightScope, join.Offset);
        var kind = join.Kind switch
        {
            JoinKind.Left => LogicalJoinKind.Left,
            JoinKind.Right => LogicalJoinKind.Right,
            JoinKind.Full => LogicalJoinKind.Full,
            _ => LogicalJoinKind.Inner,
        };
        BoundExpr? condition = null;
        if (join.On is not null)
        {
            condition = RequireBoolean(BindNoAggregates(join.On, scope, "JOIN conditions"), "JOIN/ON", join.On.Offset);
        }
        else if (join.Using is not null || join.Natural)
        {
            var names = join.Using ?? leftScope.Columns.Where(c => !c.Hidden && !c.MergedAway)
                .Select(c => c.Name).Where(n => rightScope.Columns.Any(r => !r.Hidden && !r.MergedAway && r.Name == n)).Distinct().ToList();
            var equalities = new List<BoundExpr>();
            var merged = new List<(string Name, BoundExpr Value)>();
            foreach (var name in names)
            {
                if (merged.Any(m => m.Name == name))
                {
                    throw new SqlException(SqlState.DuplicateColumn, $"column name \"{name}\" appears more than once in USING clause", join.Offset + 1);
                }
                var l = leftScope.Resolve(null, name, join.Offset);
                var r = rightScope.Resolve(null, name, join.Offset);
                var leftValue = BindScope.ValueOf(l, 0);
                var rightValue = BindScope.Shift(BindScope.ValueOf(r, 0), leftWidth);
                merged.Add((name, MergedValue(join.Kind, leftValue, rightValue, join.Offset)));
                var (a, b) = MakeComparable(leftValue, rightValue, join.Offset, join.Offset, "=", join.Offset);
                equalities.Add(new CompareExpr(CompareOp.Equal, a, b));
                scope.HideFromUnqualified(IndexOf(leftScope.Columns, l));
                scope.HideFromUnqualified(leftScope.Columns.Count + IndexOf(rightScope.Columns, r));
            }
            for (int i = 0; i < merged.Count; i++) scope.InsertMerged(i, merged[i].Name, merged[i].Value);
            condition = equalities.Count switch
            {
                0 => null,
                1 => equalities[0],
                _ => new AndExpr(equalities),
            };
        }
        return (new LogicalJoin(left, right, kind, condition), scope);
    }

    /// <summary>
    /// The value of a USING / NATURAL join column, as PostgreSQL merges it: both sides brought to their
    /// common type; the left value for INNER (the side that needs no conversion) and LEFT joins, the right
    /// value for RIGHT joins, and COALESCE(left, right) for FULL joins.
    /// </summary>
    private static BoundExpr MergedValue(JoinKind kind, BoundExpr left, BoundExpr right, int offset)
    {
        var type = TypeRules.CommonType([left.Type, right.Type])
            ?? throw new SqlException(SqlState.DatatypeMismatch, $"JOIN/USING types {left.Type.Name} and {right.Type.Name} cannot be matched", offset + 1);
        var l = TypeRules.Coerce(left, type, offset);
        var r = TypeRules.Coerce(right, type, offset);
        return kind switch
        {
            JoinKind.Right => r,
            JoinKind.Full => new CoalesceExpr([l, r], type),
            JoinKind.Left => l,
            _ => l.Type == left.Type || r.Type != right.Type ? l : r,
        };
    }

    private static int IndexOf(IReadOnlyList<ScopeColumn> columns, ScopeColumn column)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (ReferenceEquals(columns[i], column)) return i;
        }
        throw new InvalidOperationException($"column {column.Name} is not in the scope");
    }
}
