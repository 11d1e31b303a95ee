using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

/// <summary>What the binder may ask of the catalog, as the statement's transaction sees it. A null schema means the search path.</summary>
public interface ICatalogReader
{
    TableSchema? FindTable(string? schema, string name);

    ViewSchema? FindView(string? schema, string name);

    IndexSchema? FindIndex(string? schema, string name);

    /// <summary>Whether any relation (table, view, index or sequence) has this name.</summary>
    bool RelationExists(string? schema, string name);

    IReadOnlyList<IndexSchema> IndexesOf(long tableId);

    SequenceSchema? FindSequence(string? schema, string name) => null;

    bool SchemaExists(string schema) => schema == CatalogSnapshot.DefaultSchema;

    /// <summary>Every table and view, for information_schema.</summary>
    IEnumerable<TableSchema> AllTables => [];

    IEnumerable<ViewSchema> AllViews => [];

    IEnumerable<string> AllSchemas => [CatalogSnapshot.DefaultSchema];
}
