using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    private readonly List<Dictionary<string, CommonTableExpr>> _ctes = [];

    /// <summary>
    /// Binds a query. A SELECT block becomes FROM (scans, joins, derived tables) → WHERE → [Aggregate →
    /// HAVING] → Project(select list + sort-only columns) → [Distinct] → Sort → Limit → Trim.
    /// <paramref name="outer"/> is the enclosing query's scope when this is a subquery.
    /// </summary>
    public LogicalNode BindQuery(QueryExpr query, BindScope? outer = null) => BindQuery(query, outer, setOperand: false);

    /// <param name="setOperand">
    /// True for an operand of UNION / INTERSECT / EXCEPT: its untyped literals (NULL, '...') stay
    /// unknown, so that the set operation resolves them to the other side's type, as PostgreSQL does.
    /// </param>
    private LogicalNode BindQuery(QueryExpr query, BindScope? outer, bool setOperand)
    {
        if (query.With.Count > 0)
        {
            var frame = new Dictionary<string, CommonTableExpr>(StringComparer.Ordinal);
            foreach (var cte in query.With)
            {
                if (!frame.TryAdd(cte.Name, cte))
                {
                    throw new SqlException(SqlState.DuplicateAlias, $"WITH query name \"{cte.Name}\" specified more than once", cte.Offset + 1);
                }
            }
            _ctes.Add(frame);
            try
            {
                return BindQueryBody(query with { With = [] }, outer, setOperand);
            }
            finally
            {
                _ctes.RemoveAt(_ctes.Count - 1);
            }
        }
        return BindQueryBody(query, outer, setOperand);
    }

    private LogicalNode BindQueryBody(QueryExpr query, BindScope? outer, bool setOperand)
    {
        switch (query)
        {
            case SelectQuery select:
                return BindSelect(select, outer, setOperand);
            case ValuesQuery values:
                return BindValuesOrderAndLimit(values, BindValues(values, outer), outer);
            case SetOperationQuery setOp:
                return BindOrderAndLimit(query, BindSetOperation(setOp, outer), null, null);
            default:
                throw SqlException.NotSupported(query.GetType().Name);
        }
    }

    private LogicalNode BindSelect(SelectQuery select, BindScope? outer, bool setOperand)
    {
        var (input, scope) = BindFrom(select.From, outer, select.Offset);
        if (select.Where is not null)
        {
            var predicate = RequireBoolean(BindNoAggregates(select.Where, scope, "WHERE"), "WHERE", select.Where.Offset);
            input = new LogicalFilter(input, predicate);
        }

        bool aggregated = select.GroupBy.Count > 0 || select.Having is not null
            || select.Items.Any(i => ContainsAggregate(i.Expr)) || select.OrderBy.Any(o => ContainsAggregate(o.Expr));
        if (!aggregated)
        {
            var (exprs, names) = BindSelectList(select, scope, e => BindExpr(e, scope), setOperand);
            var project = new LogicalProject(input, exprs, names);
            return BindOrderAndLimit(select, project, e => BindNoAggregates(e, scope, "ORDER BY"), select.Distinct ? "DISTINCT" : null);
        }

        var groups = BindGroupBy(select, scope);
        var aggregates = new List<AggregateCallExpr>();
        BoundExpr BindAggregated(Expr e)
        {
            var saved = _aggregates;
            _aggregates = aggregates;
            try
            {
                return RewriteOverAggregate(BindExpr(e, scope), groups, aggregates, e.Offset);
            }
            finally
            {
                _aggregates = saved;
            }
        }
        var (items, itemNames) = BindSelectList(select, scope, BindAggregated, setOperand);
        var having = select.Having is null ? null : RequireBoolean(BindAggregated(select.Having), "HAVING", select.Having.Offset);
        // Sort expressions may add aggregates, so the aggregate node is built from the final list.
        var placeholder = new List<BoundExpr>(items);
        LogicalNode Build()
        {
            LogicalNode node = new LogicalAggregate(input, groups, aggregates);
            if (having is not null) node = new LogicalFilter(node, having);
            return node;
        }
        var projected = new LogicalProject(new LogicalValues([], []), placeholder, itemNames);
        var ordered = BindOrderAndLimit(select, projected, BindAggregated, select.Distinct ? "DISTINCT" : null);
        return ReplaceInput(ordered, Build());
    }

    /// <summary>Puts <paramref name="input"/> under the (first) projection of a tree built over a placeholder.</summary>
    private static LogicalNode ReplaceInput(LogicalNode node, LogicalNode input) => node switch
    {
        LogicalProject p => p with { Input = input },
        LogicalSort s => s with { Input = ReplaceInput(s.Input, input) },
        LogicalLimit l => l with { Input = ReplaceInput(l.Input, input) },
        LogicalDistinct d => d with { Input = ReplaceInput(d.Input, input) },
        LogicalTrim t => t with { Input = ReplaceInput(t.Input, input) },
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private (List<BoundExpr> Exprs, List<string> Names) BindSelectList(SelectQuery select, BindScope scope, Func<Expr, BoundExpr> bind, bool keepUnknown)
    {
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
                    if (column.Hidden || (star.Qualifier is null ? column.MergedAway : column.Relation != star.Qualifier)) continue;
                    var parts = new List<string> { column.Relation ?? "", column.Name };
                    exprs.Add(bind(new ColumnRefExpr(column.Relation is null ? [column.Name] : parts, star.Offset)));
                    names.Add(column.Name);
                }
                continue;
            }
            var bound = bind(item.Expr);
            if (bound.Type.Id == SqlTypeId.Unknown && !keepUnknown) bound = TypeRules.Coerce(bound, SqlType.Text, item.Offset);
            exprs.Add(bound);
            names.Add(item.Alias ?? DeriveName(item.Expr));
        }
        return (exprs, names);
    }

    /// <summary>GROUP BY items: a select-list position, an input column, a select-list alias, or an expression.</summary>
    private List<BoundExpr> BindGroupBy(SelectQuery select, BindScope scope)
    {
        var groups = new List<BoundExpr>();
        foreach (var item in select.GroupBy)
        {
            Expr expr = item;
            if (item is LiteralExpr { Kind: LiteralKind.Integer } position)
            {
                if (!int.TryParse(position.Text, out int p) || p < 1 || p > select.Items.Count || select.Items[p - 1].Expr is StarExpr)
                {
                    throw new SqlException(SqlState.InvalidColumnReference, $"GROUP BY position {position.Text} is not in select list", item.Offset + 1);
                }
                expr = select.Items[p - 1].Expr;
            }
            else if (item is ColumnRefExpr { Parts.Count: 1 } name && !scope.Columns.Any(c => c.Name == name.Column && !c.Hidden)
                     && select.Items.FirstOrDefault(i => i.Alias == name.Column) is { } aliased)
            {
                expr = aliased.Expr;
            }
            var bound = BindNoAggregates(expr, scope, "GROUP BY");
            string fingerprint = ExprFingerprint.Of(bound);
            if (!groups.Any(g => ExprFingerprint.Of(g) == fingerprint)) groups.Add(bound);
        }
        return groups;
    }

    private BoundExpr BindNoAggregates(Expr expr, BindScope scope, string clause)
    {
        if (ContainsAggregate(expr))
        {
            throw new SqlException(SqlState.GroupingError, $"aggregate functions are not allowed in {clause}", expr.Offset + 1);
        }
        return BindExpr(expr, scope);
    }

    /// <summary>
    /// Rewrites an expression bound over the aggregate's input so it reads the aggregate's output: a
    /// subexpression equal to a GROUP BY expression becomes that group column, an aggregate call its
    /// result column; any other input column is an error (42803), as in PostgreSQL.
    /// </summary>
    private static BoundExpr RewriteOverAggregate(BoundExpr expr, List<BoundExpr> groups, List<AggregateCallExpr> aggregates, int offset)
    {
        string fingerprint = ExprFingerprint.Of(expr);
        for (int i = 0; i < groups.Count; i++)
        {
            if (ExprFingerprint.Of(groups[i]) == fingerprint) return new ColumnExpr(i, groups[i].Type, expr.ToString()!);
        }
        switch (expr)
        {
            case AggregateCallExpr call:
                {
                    int index = aggregates.FindIndex(a => ExprFingerprint.Of(a) == fingerprint);
                    return new ColumnExpr(groups.Count + index, call.Type, expr.ToString()!);
                }
            case ColumnExpr column:
                throw new SqlException(SqlState.GroupingError,
                    $"column \"{column.Name}\" must appear in the GROUP BY clause or be used in an aggregate function", offset + 1);
            case Expressions.SubqueryExpr { Correlated: true }:
                throw new SqlException(SqlState.FeatureNotSupported, "correlated subqueries in an aggregated query are not supported yet", offset + 1);
        }
        var children = expr.Children;
        if (children.Count == 0) return expr;
        return expr.WithChildren(children.Select(c => RewriteOverAggregate(c, groups, aggregates, offset)).ToList());
    }

    private static bool ContainsAggregate(Expr expr) =>
        AstWalker.Any(expr, e => e is FunctionCallExpr f && (f.Star || IsAggregateName(f.Name)));

    private static bool IsAggregateName(string name) => name is "count" or "sum" or "avg" or "min" or "max";

    /// <summary>The column name PostgreSQL gives an unaliased select item.</summary>
    private static string DeriveName(Expr expr) => expr switch
    {
        ColumnRefExpr c => c.Column,
        FunctionCallExpr f => f.Name.Contains('.') ? f.Name[(f.Name.LastIndexOf('.') + 1)..] : f.Name,
        Parsing.CastExpr c => c.Operand is ColumnRefExpr or FunctionCallExpr ? DeriveName(c.Operand) : TypeDisplayName(c.Type),
        Parsing.CaseExpr => "case",
        Parsing.ExistsExpr => "exists",
        Parsing.SubqueryExpr s when s.Query is SelectQuery { Items: [var only] } => only.Alias ?? DeriveName(only.Expr),
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
    /// as a hidden column when not in the select list, which DISTINCT forbids). Without a projection
    /// (set operations, VALUES) only positions and names are allowed.
    /// </summary>
    private LogicalNode BindOrderAndLimit(QueryExpr query, LogicalNode projected, Func<Expr, BoundExpr>? bindInput, string? distinct)
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
                int ordinal = ResolveOrderItem(item, projected, project, bindInput, extra, distinct);
                var type = ordinal < visible ? projected.Columns[ordinal].Type : extra[ordinal - visible].Type;
                bool nullsFirst = item.NullsFirst ?? item.Descending;
                keys.Add(new SortKey(new ColumnExpr(ordinal, type, ordinal < visible ? projected.Columns[ordinal].Name : extra[ordinal - visible].ToString()!), item.Descending, nullsFirst));
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

    private static int ResolveOrderItem(OrderItem item, LogicalNode projected, LogicalProject? project, Func<Expr, BoundExpr>? bindInput, List<BoundExpr> extra, string? distinct)
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
        if (item.Expr is LiteralExpr)
        {
            throw SqlException.Syntax("non-integer constant in ORDER BY", item.Expr.Offset);
        }
        if (item.Expr is ColumnRefExpr { Parts.Count: 1 } name)
        {
            int match = -1;
            for (int i = 0; i < visible; i++)
            {
                if (projected.Columns[i].Name != name.Column) continue;
                if (match >= 0 && !(project is not null && ExprFingerprint.Of(project.Exprs[i]) == ExprFingerprint.Of(project.Exprs[match])))
                {
                    throw new SqlException(SqlState.AmbiguousColumn, $"ORDER BY \"{name.Column}\" is ambiguous", item.Offset + 1);
                }
                if (match < 0) match = i;
            }
            if (match >= 0) return match;
        }
        if (project is null || bindInput is null)
        {
            // A set operation's result is sorted by its output columns only, as in PostgreSQL.
            throw item.Expr switch
            {
                ColumnRefExpr { Parts.Count: 1 } bare => new SqlException(SqlState.UndefinedColumn, $"column \"{bare.Column}\" does not exist", item.Offset + 1),
                ColumnRefExpr qualified => new SqlException(SqlState.UndefinedTable, $"missing FROM-clause entry for table \"{qualified.Parts[^2]}\"", item.Offset + 1),
                _ => new SqlException(SqlState.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause", item.Offset + 1),
            };
        }
        var bound = bindInput(item.Expr);
        string printed = ExprFingerprint.Of(bound);
        for (int i = 0; i < project.Exprs.Count; i++)
        {
            if (ExprFingerprint.Of(project.Exprs[i]) == printed) return i;
        }
        for (int i = 0; i < extra.Count; i++)
        {
            if (ExprFingerprint.Of(extra[i]) == printed) return visible + i;
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

    /// <summary>
    /// ORDER BY / LIMIT / OFFSET over VALUES. Sort keys that are not positions or column names are
    /// expressions over the VALUES columns (column1, column2, ...), read through a projection.
    /// </summary>
    private LogicalNode BindValuesOrderAndLimit(ValuesQuery query, LogicalValues values, BindScope? outer)
    {
        bool byOutputOnly = query.OrderBy.All(o => o.Expr is LiteralExpr
            || (o.Expr is ColumnRefExpr { Parts.Count: 1 } name && values.Columns.Any(c => c.Name == name.Column)));
        if (byOutputOnly) return BindOrderAndLimit(query, values, null, null);
        var scope = new BindScope { Outer = outer };
        scope.AddRelation("*VALUES*", values.Columns.Select(c => (c.Name, c.Type, false)));
        var columns = values.Columns.Select((c, i) => (BoundExpr)new ColumnExpr(i, c.Type, c.Name)).ToList();
        var project = new LogicalProject(values, columns, values.Columns.Select(c => c.Name).ToList());
        return BindOrderAndLimit(query, project, e => BindNoAggregates(e, scope, "ORDER BY"), null);
    }

    /// <summary>VALUES rows; each column takes the common type of its rows.</summary>
    private LogicalValues BindValues(ValuesQuery values, BindScope? outer)
    {
        var scope = outer is null ? null : new BindScope { Outer = outer };
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

    /// <summary>
    /// UNION / INTERSECT / EXCEPT: both sides have the same number of columns, of matching types. A
    /// column gets the common type of both sides; an untyped literal takes the other side's type (text
    /// when both are untyped), as PostgreSQL's select_common_type resolves it.
    /// </summary>
    private LogicalSetOp BindSetOperation(SetOperationQuery setOp, BindScope? outer)
    {
        var left = BindQuery(setOp.Left, outer, setOperand: true);
        var right = BindQuery(setOp.Right, outer, setOperand: true);
        string name = setOp.Op.ToString().ToUpperInvariant();
        if (left.Columns.Count != right.Columns.Count)
        {
            throw new SqlException(SqlState.SyntaxError, $"each {name} query must have the same number of columns", setOp.Offset + 1);
        }
        var columns = new List<OutputColumn>();
        var leftCasts = new List<BoundExpr>();
        var rightCasts = new List<BoundExpr>();
        for (int i = 0; i < left.Columns.Count; i++)
        {
            var l = left.Columns[i];
            var r = right.Columns[i];
            var type = TypeRules.CommonType([l.Type, r.Type])
                ?? throw new SqlException(SqlState.DatatypeMismatch, $"{name} types {l.Type.Name} and {r.Type.Name} cannot be matched", setOp.Offset + 1);
            columns.Add(new OutputColumn(l.Name, type));
        }
        left = ResolveUnknownOutputs(left, columns, setOp.Left);
        right = ResolveUnknownOutputs(right, columns, setOp.Right);
        for (int i = 0; i < columns.Count; i++)
        {
            var (l, r, type) = (left.Columns[i], right.Columns[i], columns[i].Type);
            leftCasts.Add(TypeRules.Coerce(new ColumnExpr(i, l.Type, l.Name), type, setOp.Offset));
            rightCasts.Add(TypeRules.Coerce(new ColumnExpr(i, r.Type, r.Name), type, setOp.Offset));
        }
        if (leftCasts.Select((e, i) => e.Type != left.Columns[i].Type).Any(x => x))
        {
            left = new LogicalProject(left, leftCasts, columns.Select(c => c.Name).ToList());
        }
        if (rightCasts.Select((e, i) => e.Type != right.Columns[i].Type).Any(x => x))
        {
            right = new LogicalProject(right, rightCasts, right.Columns.Select(c => c.Name).ToList());
        }
        var kind = setOp.Op switch
        {
            SetOperator.Union => SetOpKind.Union,
            SetOperator.Intersect => SetOpKind.Intersect,
            _ => SetOpKind.Except,
        };
        return new LogicalSetOp(kind, setOp.All, left, right, columns);
    }

    /// <summary>
    /// Gives the untyped output columns of a set operation's operand their resolved types, in the
    /// operand's projection, so that a literal is converted (and a bad one reported, at its position) now.
    /// </summary>
    private static LogicalNode ResolveUnknownOutputs(LogicalNode node, IReadOnlyList<OutputColumn> columns, QueryExpr operand)
    {
        switch (node)
        {
            case LogicalProject p:
                {
                    if (!p.Exprs.Take(columns.Count).Any(e => e.Type.Id == SqlTypeId.Unknown)) return p;
                    var items = operand is SelectQuery select && select.Items.All(i => i.Expr is not StarExpr) ? select.Items : null;
                    var exprs = p.Exprs.Select((e, i) => i < columns.Count && e.Type.Id == SqlTypeId.Unknown
                        ? TypeRules.Coerce(e, columns[i].Type, items?[i].Offset ?? operand.Offset)
                        : e).ToList();
                    return new LogicalProject(p.Input, exprs, p.Names);
                }
            case LogicalSort s:
                return s with { Input = ResolveUnknownOutputs(s.Input, columns, operand) };
            case LogicalLimit l:
                return l with { Input = ResolveUnknownOutputs(l.Input, columns, operand) };
            case LogicalDistinct d:
                return d with { Input = ResolveUnknownOutputs(d.Input, columns, operand) };
            case LogicalTrim t:
                return new LogicalTrim(ResolveUnknownOutputs(t.Input, columns, operand), t.VisibleCount);
            default:
                return node; // other operands have typed outputs
        }
    }
}
