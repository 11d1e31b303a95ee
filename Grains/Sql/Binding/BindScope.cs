using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

/// <summary>
/// A column visible to expressions: which relation it belongs to, its name, type and row ordinal. The
/// merged column of a join USING / NATURAL has no relation; its <see cref="Value"/> is computed from
/// the row (the right column for RIGHT JOIN, COALESCE of both for FULL JOIN) and its ordinal is -1.
/// </summary>
public sealed record ScopeColumn(string? Relation, string Name, SqlType Type, int Ordinal, bool Hidden = false, bool MergedAway = false, BoundExpr? Value = null);

/// <summary>
/// The names an expression can see: the columns of the FROM clause, laid out as the input row, in the
/// order <c>*</c> lists them (a join's merged USING columns first, as in PostgreSQL).
/// Lookups follow PostgreSQL: a qualified name must match its relation; an unqualified one must match
/// exactly one column (42702 when ambiguous, 42703 when absent).
/// </summary>
public sealed class BindScope
{
    private readonly List<ScopeColumn> _columns = [];
    private readonly HashSet<string> _relations = new(StringComparer.Ordinal);

    public IReadOnlyList<ScopeColumn> Columns => _columns;

    /// <summary>The width of the input row (merged USING columns are computed, not part of it).</summary>
    public int Width { get; private set; }

    /// <summary>The scope of the enclosing query, for correlated references; null at the top.</summary>
    public BindScope? Outer { get; init; }

    public void AddRelation(string relation, IEnumerable<(string Name, SqlType Type, bool Hidden)> columns, int offset = -1)
    {
        if (!_relations.Add(relation))
        {
            throw new SqlException(SqlState.DuplicateAlias, $"table name \"{relation}\" specified more than once", offset < 0 ? null : offset + 1);
        }
        foreach (var (name, type, hidden) in columns)
        {
            _columns.Add(new ScopeColumn(relation, name, type, Width++, hidden));
        }
    }

    /// <summary>Appends another scope's relations (a join's right side), shifting their ordinals.</summary>
    public void Append(BindScope other, int offset)
    {
        foreach (var relation in other._relations)
        {
            if (!_relations.Add(relation))
            {
                throw new SqlException(SqlState.DuplicateAlias, $"table name \"{relation}\" specified more than once", offset + 1);
            }
        }
        int shift = Width;
        foreach (var column in other._columns)
        {
            _columns.Add(column.Value is null
                ? column with { Ordinal = column.Ordinal + shift }
                : column with { Value = Shift(column.Value, shift) });
        }
        Width += other.Width;
    }

    /// <summary>
    /// Hides the column at <paramref name="index"/> in <see cref="Columns"/> from unqualified lookups
    /// and * (each side's copy of a USING column).
    /// </summary>
    public void HideFromUnqualified(int index) => _columns[index] = _columns[index] with { MergedAway = true };

    /// <summary>Adds the merged column of a join USING / NATURAL at <paramref name="index"/> in <see cref="Columns"/>.</summary>
    public void InsertMerged(int index, string name, BoundExpr value) =>
        _columns.Insert(index, value is ColumnExpr plain
            ? new ScopeColumn(null, name, value.Type, plain.Ordinal)
            : new ScopeColumn(null, name, value.Type, -1, Value: value));

    /// <summary>
    /// The expression that reads <paramref name="column"/>, found <paramref name="depth"/> scopes out
    /// (0: this query's row; more: an enclosing query's row, a correlated reference).
    /// </summary>
    public static BoundExpr ValueOf(ScopeColumn column, int depth)
    {
        if (column.Value is null)
        {
            return depth == 0
                ? new ColumnExpr(column.Ordinal, column.Type, column.Name)
                : new OuterColumnExpr(depth, column.Ordinal, column.Type, column.Name);
        }
        return depth == 0 ? column.Value : ToOuter(column.Value, depth);

        static BoundExpr ToOuter(BoundExpr e, int depth) => e is ColumnExpr c
            ? new OuterColumnExpr(depth, c.Ordinal, c.Type, c.Name)
            : e.Children.Count == 0 ? e : e.WithChildren(e.Children.Select(x => ToOuter(x, depth)).ToList());
    }

    /// <summary>An expression over this scope's row moved <paramref name="shift"/> columns to the right.</summary>
    public static BoundExpr Shift(BoundExpr e, int shift) => e is ColumnExpr c
        ? new ColumnExpr(c.Ordinal + shift, c.Type, c.Name)
        : e.Children.Count == 0 ? e : e.WithChildren(e.Children.Select(x => Shift(x, shift)).ToList());

    public bool HasRelation(string relation) => _relations.Contains(relation);

    /// <summary>
    /// Finds a column here or, failing that, in an enclosing query's scope: the result's depth says how
    /// many scopes out it was found (0 = this one).
    /// </summary>
    public (ScopeColumn Column, int Depth) ResolveWithOuter(string? relation, string name, int offset)
    {
        var scope = this;
        for (int depth = 0; ; depth++)
        {
            var found = scope.TryResolve(relation, name, offset);
            if (found is not null) return (found, depth);
            if (scope.Outer is null) break;
            scope = scope.Outer;
        }
        return (Resolve(relation, name, offset), 0);
    }

    private ScopeColumn? TryResolve(string? relation, string name, int offset)
    {
        if (relation is not null && !_relations.Contains(relation)) return null;
        foreach (var column in _columns)
        {
            if (!column.Hidden && column.Name == name && (relation is null ? !column.MergedAway : column.Relation == relation)) return Resolve(relation, name, offset);
        }
        return null;
    }

    public ScopeColumn Resolve(string? relation, string name, int offset)
    {
        if (relation is not null && !_relations.Contains(relation))
        {
            throw new SqlException(SqlState.UndefinedTable, $"missing FROM-clause entry for table \"{relation}\"", offset + 1);
        }
        ScopeColumn? found = null;
        foreach (var column in _columns)
        {
            if (column.Hidden || column.Name != name || (relation is not null && column.Relation != relation)) continue;
            if (relation is null && column.MergedAway) continue;
            if (found is not null)
            {
                throw new SqlException(SqlState.AmbiguousColumn, $"column reference \"{name}\" is ambiguous", offset + 1);
            }
            found = column;
        }
        if (found is null)
        {
            string full = relation is null ? name : $"{relation}.{name}";
            throw new SqlException(SqlState.UndefinedColumn, $"column \"{full}\" does not exist", offset + 1);
        }
        return found;
    }
}
