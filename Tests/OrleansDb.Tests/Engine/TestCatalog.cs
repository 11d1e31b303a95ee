using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Parsing;
using OrleansDb.Storage;

namespace OrleansDb.Tests.Engine;

/// <summary>
/// An in-memory <see cref="ICatalogReader"/> for binder and planner tests. Tables are declared in SQL
/// and bound by the binder itself, so they have exactly the shape CREATE TABLE gives them.
/// </summary>
public sealed class TestCatalog : ICatalogReader
{
    private readonly Dictionary<string, TableSchema> _tables = new(StringComparer.Ordinal);

    public TestCatalog(params string[] createTables)
    {
        foreach (string sql in createTables)
        {
            var bound = (BoundCreateTable)new Binder(this, []).Bind(Parser.ParseSingle(sql));
            var table = bound.Table with { Id = _tables.Count + 1 };
            _tables[table.Name] = table;
        }
    }

    public TableSchema this[string name] => _tables[name];

    public TableSchema? FindTable(string? schema, string name) =>
        (schema ?? Binder.DefaultSchema) == Binder.DefaultSchema ? _tables.GetValueOrDefault(name) : null;

    public ViewSchema? FindView(string? schema, string name) => null;

    public IndexSchema? FindIndex(string? schema, string name) => null;

    public bool RelationExists(string? schema, string name) => FindTable(schema, name) is not null;

    public IReadOnlyList<IndexSchema> IndexesOf(long tableId) => [];
}
