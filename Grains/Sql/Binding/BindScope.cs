using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

/// <summary>A column visible to expressions: which relation it belongs to, its name, type and row ordinal.</summary>
public sealed record ScopeColumn(string? Relation, string Name, SqlType Type, int Ordinal, bool Hidden = false, bool MergedAway = false);

/// <summary>
/// The names an expression can see: the columns of the FROM clause, laid out as the input row.
/// Lookups follow PostgreSQL: a qualified name must match its relation; an unqualified one must match
/// exactly one column (42702 when ambiguous, 42703 when absent).
/// </summary>
public sealed class BindScope
{
    private readonly List<ScopeColumn> _columns = [];
    private readonly HashSet<string> _relations = new(StringComparer.Ordinal);

    public IReadOnlyList<ScopeColumn> Columns => _columns;

    public int Width => _columns.Count;

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
            _columns.Add(new ScopeColumn(relation, name, type, _columns.Count, hidden));
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
        int shift = _columns.Count;
        foreach (var column in other._columns) _columns.Add(column with { Ordinal = column.Ordinal + shift });
    }

    /// <summary>Hides a column from unqualified lookups and * (the right copy of a USING column).</summary>
    public void HideFromUnqualified(int ordinal) => _columns[ordinal] = _columns[ordinal] with { MergedAway = true };

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
