using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

/// <summary>What the binder may ask of the catalog: tables by name, as the statement's transaction sees them.</summary>
public interface ICatalogReader
{
    /// <summary>The table named <paramref name="name"/> in <paramref name="schema"/> (null = the search path), or null.</summary>
    TableSchema? FindTable(string? schema, string name);
}
