using System.IO.Hashing;
using OrleansDb.Sql.Binding;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// One transaction as its coordinator holds it: the read version, the catalog it started from, and
/// every change it made so far (catalog changes and row writes), which its own statements read back
/// and which are committed as one batch. Nothing here is visible to anyone else before the commit.
/// </summary>
public sealed class Transaction : ICatalogReader
{
    private readonly Dictionary<string, TableSchema?> _tableOverlay = new(StringComparer.Ordinal);
    private readonly List<LogOp> _catalogOps = [];
    private readonly Dictionary<long, SortedDictionary<byte[], byte[]?>> _writes = [];
    private readonly HashSet<long> _createdTables = [];
    private readonly HashSet<long> _droppedTables = [];

    public Transaction(long readVersion, long waitVersion, CatalogSnapshot catalog)
    {
        ReadVersion = readVersion;
        WaitVersion = Math.Max(waitVersion, readVersion);
        Catalog = catalog;
    }

    public long ReadVersion { get; }

    /// <summary>The version atoms must have applied before answering (covers the catalog this transaction uses).</summary>
    public long WaitVersion { get; }

    /// <summary>The committed catalog this transaction started from.</summary>
    public CatalogSnapshot Catalog { get; }

    public bool HasChanges => _catalogOps.Count > 0 || _writes.Values.Any(w => w.Count > 0);

    public TableSchema? FindTable(string? schema, string name)
    {
        string key = CatalogSnapshot.Key(schema ?? Binder.DefaultSchema, name);
        if (_tableOverlay.TryGetValue(key, out var overlay)) return overlay;
        return Catalog.FindTable(schema ?? Binder.DefaultSchema, name)?.Schema;
    }

    /// <summary>The committed record catalog of a table, or null when the table is new in this transaction.</summary>
    public AtomMap? CommittedAtoms(long tableId) =>
        _createdTables.Contains(tableId) ? null : Catalog.FindTable(tableId)?.Atoms;

    public void CreateTable(TableSchema table, long firstAtomId)
    {
        _tableOverlay[CatalogSnapshot.Key(table.SchemaName, table.Name)] = table;
        _createdTables.Add(table.Id);
        _catalogOps.Add(new CreateTableOp(table, firstAtomId));
    }

    public void DropTable(TableSchema table)
    {
        _tableOverlay[CatalogSnapshot.Key(table.SchemaName, table.Name)] = null;
        _writes.Remove(table.Id);
        _droppedTables.Add(table.Id);
        if (!_createdTables.Remove(table.Id)) _catalogOps.Add(new DropTableOp(table.Id));
        else _catalogOps.RemoveAll(op => op is CreateTableOp create && create.Schema.Id == table.Id);
    }

    /// <summary>This transaction's own writes to a table, by key (null value = deleted), or null.</summary>
    public SortedDictionary<byte[], byte[]?>? WritesTo(long tableId) =>
        _writes.TryGetValue(tableId, out var writes) && writes.Count > 0 ? writes : null;

    public void Write(long tableId, byte[] key, byte[]? row)
    {
        if (!_writes.TryGetValue(tableId, out var writes))
        {
            writes = new SortedDictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
            _writes.Add(tableId, writes);
        }
        writes[key] = row;
    }

    /// <summary>The commit request: catalog changes first, then the row writes of tables that still exist.</summary>
    public CommitRequest ToCommitRequest()
    {
        var ops = new List<LogOp>(_catalogOps);
        var conflictKeys = new List<long>();
        foreach (var op in _catalogOps)
        {
            if (op is DropTableOp drop) conflictKeys.Add(TableConflictKey(drop.TableId));
        }
        foreach (var name in _tableOverlay.Keys) conflictKeys.Add(NameConflictKey(name));
        foreach (var (tableId, writes) in _writes)
        {
            if (_droppedTables.Contains(tableId)) continue;
            foreach (var (key, row) in writes)
            {
                ops.Add(new WriteRowOp(tableId, key, row));
                conflictKeys.Add(RowConflictKey(tableId, key));
            }
        }
        return new CommitRequest(ReadVersion, LogCodec.Encode(ops), [.. conflictKeys.Distinct()], _catalogOps.Count > 0);
    }

    public static long RowConflictKey(long tableId, byte[] key)
    {
        Span<byte> prefix = stackalloc byte[8];
        BitConverter.TryWriteBytes(prefix, tableId);
        return Hash64(prefix, key);
    }

    public static long TableConflictKey(long tableId) => RowConflictKey(tableId, []);

    /// <summary>The conflict key of a qualified table name ("schema.name"): two transactions that both create or drop it conflict.</summary>
    public static long NameConflictKey(string qualifiedName) =>
        Hash64("name:"u8, System.Text.Encoding.UTF8.GetBytes(qualifiedName));

    private static long Hash64(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var hash = new XxHash64();
        hash.Append(a);
        hash.Append(b);
        return (long)hash.GetCurrentHashAsUInt64();
    }
}
