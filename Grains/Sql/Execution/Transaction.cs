using System.IO.Hashing;
using System.Text;
using OrleansDb.Sql.Binding;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// One transaction as its coordinator holds it: the read version, the committed catalog it started
/// from, a working catalog with its own catalog changes applied, and its row writes per key space
/// (table or index), which its own statements read back and which are committed as one batch.
/// Nothing here is visible to anyone else before the commit.
/// </summary>
public sealed class Transaction : ICatalogReader
{
    private readonly List<LogOp> _catalogOps = [];
    private readonly HashSet<long> _newKeySpaces = [];
    private readonly HashSet<string> _touchedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SortedDictionary<byte[], byte[]?>> _writes = [];
    private readonly HashSet<long> _extraConflictKeys = [];

    public Transaction(long readVersion, long waitVersion, CatalogSnapshot catalog)
    {
        ReadVersion = readVersion;
        WaitVersion = Math.Max(waitVersion, readVersion);
        Catalog = catalog;
        Working = catalog;
    }

    public long ReadVersion { get; }

    /// <summary>The version atoms must have applied before answering (covers the catalog this transaction uses).</summary>
    public long WaitVersion { get; }

    /// <summary>The committed catalog this transaction started from.</summary>
    public CatalogSnapshot Catalog { get; }

    /// <summary>The catalog as this transaction sees it: the committed one with its own changes applied.</summary>
    public CatalogSnapshot Working { get; private set; }

    public bool HasChanges => _catalogOps.Count > 0 || _writes.Values.Any(w => w.Count > 0);

    public TableSchema? FindTable(string? schema, string name) => Working.FindTable(schema ?? Binder.DefaultSchema, name)?.Schema;

    public ViewSchema? FindView(string? schema, string name) => Working.FindView(schema ?? Binder.DefaultSchema, name);

    public IndexSchema? FindIndex(string? schema, string name) => Working.FindIndex(schema ?? Binder.DefaultSchema, name)?.Schema;

    public bool RelationExists(string? schema, string name) => Working.FindRelation(schema ?? Binder.DefaultSchema, name) is not null;

    public IReadOnlyList<IndexSchema> IndexesOf(long tableId) => Working.IndexesOf(tableId).Select(i => i.Schema).ToList();

    public bool SchemaExists(string schema) => Working.Schemas.Contains(schema);

    public IEnumerable<TableSchema> AllTables => Working.Tables.Values.Select(t => t.Schema);

    public IEnumerable<ViewSchema> AllViews => Working.Views.Values;

    public IEnumerable<string> AllSchemas => Working.Schemas;

    /// <summary>The committed atoms of a key space, or null when the table or index is new in this transaction.</summary>
    public AtomMap? CommittedAtoms(long keySpaceId) =>
        _newKeySpaces.Contains(keySpaceId) ? null : Catalog.FindKeySpace(keySpaceId)?.Atoms;

    /// <summary>Makes a catalog change: visible to this transaction's later statements, committed with it.</summary>
    public void ChangeCatalog(LogOp op)
    {
        switch (op)
        {
            case CreateTableOp create:
                _newKeySpaces.Add(create.Schema.Id);
                _touchedNames.Add(CatalogSnapshot.Key(create.Schema.SchemaName, create.Schema.Name));
                break;
            case CreateIndexOp create:
                _newKeySpaces.Add(create.Schema.Id);
                _touchedNames.Add(CatalogSnapshot.Key(create.Schema.SchemaName, create.Schema.Name));
                break;
            case CreateViewOp create:
                _touchedNames.Add(CatalogSnapshot.Key(create.Schema.SchemaName, create.Schema.Name));
                break;
            case DropTableOp drop when Working.FindTable(drop.TableId) is { } table:
                _touchedNames.Add(CatalogSnapshot.Key(table.Schema.SchemaName, table.Schema.Name));
                _extraConflictKeys.Add(TableConflictKey(drop.TableId));
                break;
            case DropIndexOp drop when Working.Indexes.GetValueOrDefault(drop.IndexId) is { } index:
                _touchedNames.Add(CatalogSnapshot.Key(index.Schema.SchemaName, index.Schema.Name));
                _extraConflictKeys.Add(TableConflictKey(index.Schema.TableId));
                break;
            case DropViewOp drop when Working.Views.GetValueOrDefault(drop.ViewId) is { } view:
                _touchedNames.Add(CatalogSnapshot.Key(view.SchemaName, view.Name));
                break;
            case AlterTableOp alter when Working.FindTable(alter.Schema.Id) is { } table:
                _touchedNames.Add(CatalogSnapshot.Key(table.Schema.SchemaName, table.Schema.Name));
                _touchedNames.Add(CatalogSnapshot.Key(alter.Schema.SchemaName, alter.Schema.Name));
                _extraConflictKeys.Add(TableConflictKey(alter.Schema.Id));
                break;
            case CreateSchemaOp create:
                _touchedNames.Add("schema:" + create.Name);
                break;
            case DropSchemaOp drop:
                _touchedNames.Add("schema:" + drop.Name);
                break;
        }
        Working = Working.Apply(Catalog.Version, op);
        _catalogOps.Add(op);
    }

    /// <summary>This transaction's own writes to a key space, by key (null value = deleted), or null.</summary>
    public SortedDictionary<byte[], byte[]?>? WritesTo(long keySpaceId) =>
        _writes.TryGetValue(keySpaceId, out var writes) && writes.Count > 0 ? writes : null;

    public void Write(long keySpaceId, byte[] key, byte[]? row)
    {
        if (!_writes.TryGetValue(keySpaceId, out var writes))
        {
            writes = new SortedDictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
            _writes.Add(keySpaceId, writes);
        }
        writes[key] = row;
    }

    /// <summary>A key this transaction depends on beyond what it writes (a unique index value): a concurrent writer of it conflicts.</summary>
    public void AddConflictKey(long key) => _extraConflictKeys.Add(key);

    /// <summary>The commit request: catalog changes first, then the writes of key spaces that still exist.</summary>
    public CommitRequest ToCommitRequest()
    {
        var ops = new List<LogOp>(_catalogOps);
        var conflictKeys = new HashSet<long>(_extraConflictKeys);
        foreach (var name in _touchedNames) conflictKeys.Add(NameConflictKey(name));
        foreach (var (keySpace, writes) in _writes)
        {
            if (Working.FindKeySpace(keySpace) is null) continue;
            foreach (var (key, row) in writes)
            {
                ops.Add(new WriteRowOp(keySpace, key, row));
                conflictKeys.Add(RowConflictKey(keySpace, key));
            }
        }
        return new CommitRequest(ReadVersion, LogCodec.Encode(ops), [.. conflictKeys], _catalogOps.Count > 0);
    }

    public static long RowConflictKey(long keySpaceId, byte[] key)
    {
        Span<byte> prefix = stackalloc byte[8];
        BitConverter.TryWriteBytes(prefix, keySpaceId);
        return Hash64(prefix, key);
    }

    public static long TableConflictKey(long tableId) => RowConflictKey(tableId, []);

    /// <summary>The conflict key of a qualified relation name ("schema.name"): two transactions that both create or drop it conflict.</summary>
    public static long NameConflictKey(string qualifiedName) => Hash64("name:"u8, Encoding.UTF8.GetBytes(qualifiedName));

    private static long Hash64(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var hash = new XxHash64();
        hash.Append(a);
        hash.Append(b);
        return (long)hash.GetCurrentHashAsUInt64();
    }
}
