using System.Collections.Immutable;

namespace OrleansDb.Storage;

/// <summary>A table as the catalog holds it: its definition and its record catalog.</summary>
public sealed record CatalogTable(TableSchema Schema, AtomMap Atoms);

/// <summary>
/// An immutable copy of the root catalog as of <see cref="Version"/>: every table with its record
/// catalog. Each engine holds the newest one it has applied; readers take it without locks.
/// </summary>
public sealed class CatalogSnapshot
{
    public static readonly CatalogSnapshot Empty = new(0, ImmutableDictionary<long, CatalogTable>.Empty, ImmutableDictionary<string, long>.Empty);

    private CatalogSnapshot(long version, ImmutableDictionary<long, CatalogTable> tables, ImmutableDictionary<string, long> names)
    {
        Version = version;
        Tables = tables;
        Names = names;
    }

    public long Version { get; }

    public ImmutableDictionary<long, CatalogTable> Tables { get; }

    /// <summary>"schema.name" → table id.</summary>
    public ImmutableDictionary<string, long> Names { get; }

    public static string Key(string schema, string name) => $"{schema}.{name}";

    public CatalogTable? FindTable(string schema, string name) =>
        Names.TryGetValue(Key(schema, name), out long id) ? Tables[id] : null;

    public CatalogTable? FindTable(long id) => Tables.GetValueOrDefault(id);

    public CatalogSnapshot WithTable(long version, CatalogTable table) =>
        new(version, Tables.SetItem(table.Schema.Id, table), Names.SetItem(Key(table.Schema.SchemaName, table.Schema.Name), table.Schema.Id));

    public CatalogSnapshot WithoutTable(long version, long tableId)
    {
        if (!Tables.TryGetValue(tableId, out var table)) return this;
        return new(version, Tables.Remove(tableId), Names.Remove(Key(table.Schema.SchemaName, table.Schema.Name)));
    }

    public CatalogSnapshot WithVersion(long version) => new(version, Tables, Names);
}
