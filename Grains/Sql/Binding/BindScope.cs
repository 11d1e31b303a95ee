using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

/// <summary>A column visible to expressions: which relation it belongs to, its name, type and row ordinal.</summary>
public sealed record ScopeColumn(string? Relation, string Name, SqlType Type, int Ordinal, bool Hidden = false);

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

    public void AddRelation(string relation, IEnumerable<(string Name, SqlType Type, bool Hidden)> columns)
    {
        if (!_relations.Add(relation))
        {
            throw new SqlException(SqlState.DuplicateObject, $"table name \"{relation}\" specified more than once");
        }
        foreach (var (name, type, hidden) in columns)
        {
            _columns.Add(new ScopeColumn(relation, name, type, _columns.Count, hidden));
        }
    }

    public bool HasRelation(string relation) => _relations.Contains(relation);

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
