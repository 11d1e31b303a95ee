using System.Collections.Immutable;

namespace OrleansDb.Storage;

/// <summary>A table as the catalog holds it: its definition, its record catalog and its indexes' ids.</summary>
public sealed record CatalogTable(TableSchema Schema, AtomMap Atoms, ImmutableList<long> Indexes);

/// <summary>A secondary index: its definition, the layout of its entries, and its index catalog (ranges → index atoms).</summary>
public sealed record CatalogIndex(IndexSchema Schema, TableSchema EntrySchema, AtomMap Atoms);

public enum RelationKind : byte { Table, View, Index, Sequence }

/// <summary>
/// A sequence as the catalog holds it: its definition, the position its originator last recorded, and
/// its generation (how many times setval moved it; engines drop cached values of an older generation).
/// </summary>
public sealed record CatalogSequence(SequenceSchema Schema, long LastValue, bool IsCalled, long Generation);

/// <summary>
/// An immutable copy of the catalog as of <see cref="Version"/>: tables with their record catalogs,
/// indexes with their index catalogs, and views. Tables, views and indexes share one namespace per
/// schema. Each engine holds the newest copy it has applied; a transaction holds one with its own
/// catalog changes applied (<see cref="Apply"/> is the same function for both).
/// </summary>
public sealed class CatalogSnapshot
{
    /// <summary>The schema every database has.</summary>
    public const string DefaultSchema = "public";

    public static readonly CatalogSnapshot Empty = new(0,
        ImmutableDictionary<long, CatalogTable>.Empty, ImmutableDictionary<long, CatalogIndex>.Empty,
        ImmutableDictionary<long, ViewSchema>.Empty, ImmutableDictionary<string, (RelationKind, long)>.Empty,
        ImmutableSortedSet.Create(StringComparer.Ordinal, DefaultSchema), ImmutableDictionary<long, CatalogSequence>.Empty);

    private CatalogSnapshot(
        long version,
        ImmutableDictionary<long, CatalogTable> tables,
        ImmutableDictionary<long, CatalogIndex> indexes,
        ImmutableDictionary<long, ViewSchema> views,
        ImmutableDictionary<string, (RelationKind, long)> names,
        ImmutableSortedSet<string> schemas,
        ImmutableDictionary<long, CatalogSequence> sequences)
    {
        Sequences = sequences;
        Version = version;
        Tables = tables;
        Indexes = indexes;
        Views = views;
        Names = names;
        Schemas = schemas;
    }

    public ImmutableDictionary<long, CatalogSequence> Sequences { get; }

    public CatalogSequence? FindSequence(string schema, string name) =>
        FindRelation(schema, name) is (RelationKind.Sequence, long id) ? Sequences[id] : null;

    /// <summary>The schemas (namespaces) that exist; "public" always does.</summary>
    public ImmutableSortedSet<string> Schemas { get; }

    public long Version { get; }

    public ImmutableDictionary<long, CatalogTable> Tables { get; }

    public ImmutableDictionary<long, CatalogIndex> Indexes { get; }

    public ImmutableDictionary<long, ViewSchema> Views { get; }

    /// <summary>"schema.name" → the relation of that name.</summary>
    public ImmutableDictionary<string, (RelationKind Kind, long Id)> Names { get; }

    public static string Key(string schema, string name) => $"{schema}.{name}";

    public (RelationKind Kind, long Id)? FindRelation(string schema, string name) =>
        Names.TryGetValue(Key(schema, name), out var relation) ? relation : null;

    public CatalogTable? FindTable(string schema, string name) =>
        FindRelation(schema, name) is (RelationKind.Table, long id) ? Tables[id] : null;

    public CatalogTable? FindTable(long id) => Tables.GetValueOrDefault(id);

    public ViewSchema? FindView(string schema, string name) =>
        FindRelation(schema, name) is (RelationKind.View, long id) ? Views[id] : null;

    public CatalogIndex? FindIndex(string schema, string name) =>
        FindRelation(schema, name) is (RelationKind.Index, long id) ? Indexes[id] : null;

    /// <summary>A key space — a table's rows or an index's entries — by id: how its rows are laid out and where its atoms are.</summary>
    public (TableSchema Schema, AtomMap Atoms)? FindKeySpace(long id)
    {
        if (Tables.TryGetValue(id, out var table)) return (table.Schema, table.Atoms);
        if (Indexes.TryGetValue(id, out var index)) return (index.EntrySchema, index.Atoms);
        return null;
    }

    public IEnumerable<CatalogIndex> IndexesOf(long tableId) =>
        Tables.TryGetValue(tableId, out var table) ? table.Indexes.Select(i => Indexes[i]) : [];

    /// <summary>The catalog after one committed change; ops that do not touch the catalog leave it as it is.</summary>
    public CatalogSnapshot Apply(long version, LogOp op)
    {
        switch (op)
        {
            case CreateTableOp create:
                {
                    var table = new CatalogTable(create.Schema, AtomMap.Single(create.FirstAtomId), []);
                    return new(version, Tables.SetItem(create.Schema.Id, table), Indexes, Views,
                        Names.SetItem(Key(create.Schema.SchemaName, create.Schema.Name), (RelationKind.Table, create.Schema.Id)), Schemas, Sequences);
                }
            case DropTableOp drop:
                {
                    if (!Tables.TryGetValue(drop.TableId, out var table)) return this;
                    var names = Names.Remove(Key(table.Schema.SchemaName, table.Schema.Name));
                    var indexes = Indexes;
                    foreach (long indexId in table.Indexes)
                    {
                        var index = Indexes[indexId];
                        names = names.Remove(Key(index.Schema.SchemaName, index.Schema.Name));
                        indexes = indexes.Remove(indexId);
                    }
                    var sequences = Sequences;
                    foreach (var owned in Sequences.Values.Where(q => q.Schema.OwnedBy == drop.TableId))
                    {
                        names = names.Remove(Key(owned.Schema.SchemaName, owned.Schema.Name));
                        sequences = sequences.Remove(owned.Schema.Id);
                    }
                    return new(version, Tables.Remove(drop.TableId), indexes, Views, names, Schemas, sequences);
                }
            case CreateIndexOp create:
                {
                    if (!Tables.TryGetValue(create.Schema.TableId, out var table)) return this;
                    var index = new CatalogIndex(create.Schema, create.Schema.EntrySchema(table.Schema), AtomMap.Single(create.FirstAtomId));
                    return new(version, Tables.SetItem(table.Schema.Id, table with { Indexes = table.Indexes.Add(create.Schema.Id) }),
                        Indexes.SetItem(create.Schema.Id, index), Views,
                        Names.SetItem(Key(create.Schema.SchemaName, create.Schema.Name), (RelationKind.Index, create.Schema.Id)), Schemas, Sequences);
                }
            case DropIndexOp drop:
                {
                    if (!Indexes.TryGetValue(drop.IndexId, out var index)) return this;
                    var tables = Tables.TryGetValue(index.Schema.TableId, out var table)
                        ? Tables.SetItem(table.Schema.Id, table with { Indexes = table.Indexes.Remove(drop.IndexId) })
                        : Tables;
                    return new(version, tables, Indexes.Remove(drop.IndexId), Views, Names.Remove(Key(index.Schema.SchemaName, index.Schema.Name)), Schemas, Sequences);
                }
            case CreateViewOp create:
                return new(version, Tables, Indexes, Views.SetItem(create.Schema.Id, create.Schema),
                    Names.SetItem(Key(create.Schema.SchemaName, create.Schema.Name), (RelationKind.View, create.Schema.Id)), Schemas, Sequences);
            case DropViewOp drop:
                {
                    if (!Views.TryGetValue(drop.ViewId, out var view)) return this;
                    return new(version, Tables, Indexes, Views.Remove(drop.ViewId), Names.Remove(Key(view.SchemaName, view.Name)), Schemas, Sequences);
                }
            case SplitAtomOp split:
                {
                    if (Tables.TryGetValue(split.TableId, out var table))
                    {
                        return new(version, Tables.SetItem(table.Schema.Id, table with { Atoms = table.Atoms.WithSplit(split.AtomId, split.SplitKey, split.NewAtomId) }), Indexes, Views, Names, Schemas, Sequences);
                    }
                    if (Indexes.TryGetValue(split.TableId, out var index))
                    {
                        return new(version, Tables, Indexes.SetItem(index.Schema.Id, index with { Atoms = index.Atoms.WithSplit(split.AtomId, split.SplitKey, split.NewAtomId) }), Views, Names, Schemas, Sequences);
                    }
                    return this;
                }
            case AlterTableOp alter:
                {
                    if (!Tables.TryGetValue(alter.Schema.Id, out var table)) return this;
                    var names = Names.Remove(Key(table.Schema.SchemaName, table.Schema.Name))
                        .SetItem(Key(alter.Schema.SchemaName, alter.Schema.Name), (RelationKind.Table, alter.Schema.Id));
                    var indexes = Indexes;
                    foreach (var index in alter.Indexes)
                    {
                        if (indexes.TryGetValue(index.Id, out var existing))
                        {
                            indexes = indexes.SetItem(index.Id, existing with { Schema = index, EntrySchema = index.EntrySchema(alter.Schema) });
                        }
                    }
                    return new(version, Tables.SetItem(alter.Schema.Id, table with { Schema = alter.Schema }), indexes, Views, names, Schemas, Sequences);
                }
            case CreateSequenceOp create:
                {
                    // Nothing handed out yet: the first nextval returns the start.
                    var sequence = new CatalogSequence(create.Schema, create.Schema.Start, false, 0);
                    return new(version, Tables, Indexes, Views, Names.SetItem(Key(create.Schema.SchemaName, create.Schema.Name), (RelationKind.Sequence, create.Schema.Id)),
                        Schemas, Sequences.SetItem(create.Schema.Id, sequence));
                }
            case DropSequenceOp drop:
                {
                    if (!Sequences.TryGetValue(drop.SequenceId, out var sequence)) return this;
                    return new(version, Tables, Indexes, Views, Names.Remove(Key(sequence.Schema.SchemaName, sequence.Schema.Name)), Schemas, Sequences.Remove(drop.SequenceId));
                }
            case SequenceAdvanceOp advance:
                {
                    if (!Sequences.TryGetValue(advance.SequenceId, out var sequence)) return this;
                    return new(version, Tables, Indexes, Views, Names, Schemas, Sequences.SetItem(advance.SequenceId,
                        sequence with { LastValue = advance.LastValue, IsCalled = advance.IsCalled, Generation = sequence.Generation + (advance.IsReset ? 1 : 0) }));
                }
            case CreateSchemaOp create:
                return new(version, Tables, Indexes, Views, Names, Schemas.Add(create.Name), Sequences);
            case DropSchemaOp drop:
                return new(version, Tables, Indexes, Views, Names, Schemas.Remove(drop.Name), Sequences);
            default:
                return this;
        }
    }

    /// <summary>Rebuilds a catalog from exported parts (engine state copies).</summary>
    public static CatalogSnapshot Restore(long version, IEnumerable<(TableSchema Schema, AtomMap Atoms)> tables,
        IEnumerable<(IndexSchema Schema, AtomMap Atoms)> indexes, IEnumerable<ViewSchema> views, IEnumerable<string> schemas,
        IEnumerable<CatalogSequence> sequences)
    {
        var catalog = Empty;
        foreach (var sequence in sequences)
        {
            catalog = catalog.Apply(version, new CreateSequenceOp(sequence.Schema));
            catalog = new(version, catalog.Tables, catalog.Indexes, catalog.Views, catalog.Names, catalog.Schemas, catalog.Sequences.SetItem(sequence.Schema.Id, sequence));
        }
        foreach (var schema in schemas) catalog = catalog.Apply(version, new CreateSchemaOp(schema));
        foreach (var (schema, atoms) in tables)
        {
            catalog = catalog.Apply(version, new CreateTableOp(schema, 0));
            catalog = catalog.WithAtoms(schema.Id, atoms);
        }
        foreach (var (schema, atoms) in indexes)
        {
            catalog = catalog.Apply(version, new CreateIndexOp(schema, 0));
            catalog = catalog.WithAtoms(schema.Id, atoms);
        }
        foreach (var view in views) catalog = catalog.Apply(version, new CreateViewOp(view));
        return catalog;
    }

    private CatalogSnapshot WithAtoms(long keySpace, AtomMap atoms) =>
        Tables.TryGetValue(keySpace, out var table)
            ? new(Version, Tables.SetItem(keySpace, table with { Atoms = atoms }), Indexes, Views, Names, Schemas, Sequences)
            : new(Version, Tables, Indexes.SetItem(keySpace, Indexes[keySpace] with { Atoms = atoms }), Views, Names, Schemas, Sequences);
}
