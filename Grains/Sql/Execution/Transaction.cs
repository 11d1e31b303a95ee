using System.IO.Hashing;
using System.Text;
using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

public enum IsolationLevel : byte { ReadCommitted, RepeatableRead, Serializable }

/// <summary>
/// One transaction as its coordinator holds it: the snapshot it reads (read version and committed
/// catalog), a working catalog with its own catalog changes applied, and its row writes per key space
/// (table or index), which its own statements read back and which are committed as one batch.
/// Nothing here is visible to anyone else before the commit.
///
/// REPEATABLE READ and SERIALIZABLE keep one snapshot; READ COMMITTED takes a new one per statement
/// (<see cref="Refresh"/>). SERIALIZABLE also records what it reads, for validation at commit. An
/// interactive transaction locks the keys each statement wrote (<see cref="TakeStatementKeys"/>).
/// </summary>
public sealed class Transaction : ICatalogReader
{
    private List<LogOp> _catalogOps = [];
    private readonly Dictionary<long, SequenceState> _newSequences = [];
    private HashSet<long> _newKeySpaces = [];
    private HashSet<string> _touchedNames = new(StringComparer.Ordinal);
    private Dictionary<long, SortedDictionary<byte[], byte[]?>> _writes = [];
    private HashSet<long> _extraConflictKeys = [];
    private HashSet<long> _readKeys = [];
    private readonly List<(long Space, byte[] Low, byte[]? High)> _readRanges = [];
    private HashSet<long> _statementKeys = [];

    public Transaction(long readVersion, long waitVersion, CatalogSnapshot catalog, IsolationLevel isolation = IsolationLevel.RepeatableRead)
    {
        ReadVersion = readVersion;
        WaitVersion = Math.Max(waitVersion, readVersion);
        Catalog = catalog;
        Working = catalog;
        Isolation = isolation;
    }

    public IsolationLevel Isolation { get; set; }

    /// <summary>When the transaction began: what now() and current_timestamp return throughout it.</summary>
    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    /// <summary>The transaction's id at the sequencer once it holds locks; 0 before.</summary>
    public long Owner { get; set; }

    public long ReadVersion { get; private set; }

    /// <summary>The version atoms must have applied before answering (covers the catalog this transaction uses).</summary>
    public long WaitVersion { get; private set; }

    /// <summary>The committed catalog of the transaction's snapshot.</summary>
    public CatalogSnapshot Catalog { get; private set; }

    /// <summary>
    /// Moves the transaction to a newer snapshot (READ COMMITTED, before each statement): its own catalog
    /// changes are applied again on top of the newer committed catalog.
    /// </summary>
    public void Refresh(long readVersion, long waitVersion, CatalogSnapshot catalog)
    {
        ReadVersion = readVersion;
        WaitVersion = Math.Max(waitVersion, readVersion);
        Catalog = catalog;
        var working = catalog;
        foreach (var op in _catalogOps) working = working.Apply(catalog.Version, op);
        Working = working;
    }

    /// <summary>The keys of the rows the current UPDATE or DELETE chose to change (set as it reads them).</summary>
    public HashSet<byte[]>? StatementTargets { get; set; }

    /// <summary>
    /// READ COMMITTED re-check: when set, an UPDATE or DELETE considers only these rows, on their newest
    /// versions, instead of every row its condition matches now. A statement that lost a write conflict
    /// is re-run this way, so that it re-evaluates the rows it first chose and never picks up rows that
    /// came to match meanwhile (PostgreSQL's EvalPlanQual).
    /// </summary>
    public HashSet<byte[]>? RecheckTargets { get; set; }

    /// <summary>The hashes of the keys written since the last call (what the statement must lock).</summary>
    public long[] TakeStatementKeys()
    {
        var keys = _statementKeys.ToArray();
        _statementKeys = [];
        return keys;
    }

    /// <summary>Records a key range this transaction read (kept only when it is SERIALIZABLE).</summary>
    public void RecordRead(long keySpace, byte[] low, byte[]? high)
    {
        HasRead = true;
        if (Isolation == IsolationLevel.Serializable) _readRanges.Add((keySpace, low, high));
    }

    /// <summary>Whether any statement read committed rows at the read version.</summary>
    public bool HasRead { get; private set; }

    /// <summary>
    /// Whether the transaction may still move to a newer snapshot without anyone noticing: it has read
    /// nothing and changed nothing, so no answer or write depends on its read version yet.
    /// </summary>
    public bool SnapshotUnused => !HasRead && !HasChanges;

    /// <summary>
    /// Makes the commit depend on a whole key space not changing after the read version, at any
    /// isolation level (CREATE INDEX and ALTER TABLE read a whole table and must not miss a row).
    /// </summary>
    public void DependOnKeySpace(long keySpace) => _readRanges.Add((keySpace, [], null));

    /// <summary>A state of the transaction to return to (a savepoint, or the start of a statement).</summary>
    public sealed record Savepoint(
        List<LogOp> CatalogOps, HashSet<long> NewKeySpaces, HashSet<string> TouchedNames,
        Dictionary<long, SortedDictionary<byte[], byte[]?>> Writes, HashSet<long> ExtraConflictKeys,
        HashSet<long> ReadKeys, int ReadRanges, CatalogSnapshot Working);

    public Savepoint Capture() => new(
        [.. _catalogOps], [.. _newKeySpaces], new HashSet<string>(_touchedNames, StringComparer.Ordinal),
        _writes.ToDictionary(w => w.Key, w => new SortedDictionary<byte[], byte[]?>(w.Value, ByteArrayComparer.Instance)),
        [.. _extraConflictKeys], [.. _readKeys], _readRanges.Count, Working);

    /// <summary>Undoes everything done after <paramref name="savepoint"/> was captured (locks taken stay held).</summary>
    public void Restore(Savepoint savepoint)
    {
        _catalogOps = [.. savepoint.CatalogOps];
        _newKeySpaces = [.. savepoint.NewKeySpaces];
        _touchedNames = new HashSet<string>(savepoint.TouchedNames, StringComparer.Ordinal);
        _writes = savepoint.Writes.ToDictionary(w => w.Key, w => new SortedDictionary<byte[], byte[]?>(w.Value, ByteArrayComparer.Instance));
        _extraConflictKeys = [.. savepoint.ExtraConflictKeys];
        _readKeys = [.. savepoint.ReadKeys];
        _readRanges.RemoveRange(savepoint.ReadRanges, _readRanges.Count - savepoint.ReadRanges);
        _statementKeys = [];
        var working = Catalog;
        foreach (var op in _catalogOps) working = working.Apply(Catalog.Version, op);
        Working = working;
    }

    /// <summary>The catalog as this transaction sees it: the committed one with its own changes applied.</summary>
    public CatalogSnapshot Working { get; private set; }

    public bool HasChanges => _catalogOps.Count > 0 || _writes.Values.Any(w => w.Count > 0);

    public TableSchema? FindTable(string? schema, string name) => Working.FindTable(schema ?? Binder.DefaultSchema, name)?.Schema;

    public ViewSchema? FindView(string? schema, string name) => Working.FindView(schema ?? Binder.DefaultSchema, name);

    public IndexSchema? FindIndex(string? schema, string name) => Working.FindIndex(schema ?? Binder.DefaultSchema, name)?.Schema;

    public bool RelationExists(string? schema, string name) => Working.FindRelation(schema ?? Binder.DefaultSchema, name) is not null;

    public IReadOnlyList<IndexSchema> IndexesOf(long tableId) => Working.IndexesOf(tableId).Select(i => i.Schema).ToList();

    public bool SchemaExists(string schema) => Working.Schemas.Contains(schema);

    public SequenceSchema? FindSequence(string? schema, string name) => Working.FindSequence(schema ?? Binder.DefaultSchema, name)?.Schema;

    public IEnumerable<TableSchema> AllTables => Working.Tables.Values.Select(t => t.Schema);

    public IEnumerable<ViewSchema> AllViews => Working.Views.Values;

    public IEnumerable<string> AllSchemas => Working.Schemas;

    /// <summary>The committed atoms of a key space, or null when the table or index is new in this transaction.</summary>
    public AtomMap? CommittedAtoms(long keySpaceId) =>
        _newKeySpaces.Contains(keySpaceId) ? null : Catalog.FindKeySpace(keySpaceId)?.Atoms;

    /// <summary>How the committed rows of a key space are laid out at the read version (its column kinds in the snapshot's catalog).</summary>
    public ValueKind[]? CommittedRowKinds(long keySpaceId) => Catalog.FindKeySpace(keySpaceId)?.Schema.ColumnKinds;

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
                _extraConflictKeys.Add(TableConflictKey(create.Schema.TableId));
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
            case CreateSequenceOp create:
                _touchedNames.Add(CatalogSnapshot.Key(create.Schema.SchemaName, create.Schema.Name));
                _newSequences[create.Schema.Id] = new SequenceState(create.Schema.Start, false);
                break;
            case DropSequenceOp drop when Working.Sequences.GetValueOrDefault(drop.SequenceId) is { } sequence:
                _touchedNames.Add(CatalogSnapshot.Key(sequence.Schema.SchemaName, sequence.Schema.Name));
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

    /// <summary>
    /// The position of a sequence this transaction created, or null for a committed sequence. Nobody else
    /// can see such a sequence yet, so the transaction hands out its values itself; the position it
    /// reached is committed with the sequence (values are not taken back on ROLLBACK TO SAVEPOINT).
    /// </summary>
    public SequenceState? NewSequencePosition(long sequenceId) =>
        _newSequences.TryGetValue(sequenceId, out var position) && Working.Sequences.ContainsKey(sequenceId) ? position : null;

    public void MoveNewSequence(long sequenceId, SequenceState position) => _newSequences[sequenceId] = position;

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
        _statementKeys.Add(RowConflictKey(keySpaceId, key));
    }

    /// <summary>A key this transaction writes beyond its rows (a unique index value): a concurrent writer of it conflicts.</summary>
    public void AddConflictKey(long key)
    {
        _extraConflictKeys.Add(key);
        _statementKeys.Add(key);
    }

    /// <summary>
    /// The commit request: catalog changes first, then the writes of key spaces that still exist. A
    /// transaction that writes a table depends on the table's definition not changing under it: the
    /// table's key is a read key, which DDL on the table writes.
    /// </summary>
    public CommitRequest ToCommitRequest()
    {
        var ops = new List<LogOp>(_catalogOps);
        foreach (var (id, position) in _newSequences)
        {
            if (Working.Sequences.TryGetValue(id, out var sequence) && (sequence.LastValue, sequence.IsCalled) != (position.LastValue, position.IsCalled))
            {
                ops.Add(new SequenceAdvanceOp(id, position.LastValue, position.IsCalled, IsReset: false));
            }
        }
        var conflictKeys = new HashSet<long>(_extraConflictKeys);
        var readKeys = new HashSet<long>(_readKeys);
        foreach (var name in _touchedNames) conflictKeys.Add(NameConflictKey(name));
        foreach (var (keySpace, writes) in _writes)
        {
            if (Working.FindKeySpace(keySpace) is null) continue;
            if (!_newKeySpaces.Contains(keySpace)) readKeys.Add(TableConflictKey(Working.Indexes.TryGetValue(keySpace, out var index) ? index.Schema.TableId : keySpace));
            foreach (var (key, row) in writes)
            {
                ops.Add(new WriteRowOp(keySpace, key, row));
                conflictKeys.Add(RowConflictKey(keySpace, key));
            }
        }
        readKeys.ExceptWith(conflictKeys);
        return new CommitRequest(ReadVersion, LogCodec.Encode(ops), [.. conflictKeys], _catalogOps.Count > 0)
        {
            Owner = Owner,
            ReadKeys = [.. readKeys],
            ReadRanges = _readRanges.Where(r => !_newKeySpaces.Contains(r.Space)).ToList(),
        };
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
