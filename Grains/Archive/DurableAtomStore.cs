using System.Buffers.Binary;
using System.Text;
using OrleansDb.Storage;
using RocksDbSharp;

namespace OrleansDb.Archive;

/// <summary>What a <see cref="DurableAtomStore"/> holds: the engine state as of its last checkpoint.</summary>
public sealed record DurableAtomImage(long Version, long IdHighWater, CatalogSnapshot Catalog, IReadOnlyList<RecordAtom> Atoms);

/// <summary>
/// The archive engine's atom store: every atom (record and index atoms) and every catalog entry
/// (tables with their record catalogs, indexes with their index catalogs, views, schemas, sequences)
/// as of the last checkpoint, in RocksDB. A checkpoint writes only what changed since the previous one,
/// as one synced write batch, so after a crash the store holds the previous checkpoint or this one,
/// whole, and never a mix.
///
/// Keys are a kind byte then the id, big-endian so that ids sort numerically:
/// <list type="bullet">
/// <item><c>00 "state"</c> → format, checkpoint version, id high water, catalog version;</item>
/// <item><c>01 id</c> table, <c>02 id</c> index, <c>03 id</c> view, <c>04 name</c> schema, <c>05 id</c> sequence;</item>
/// <item><c>10 id</c> atom: its range, right sibling, the version it reflects, and every row version.</item>
/// </list>
/// </summary>
public sealed class DurableAtomStore : IDisposable
{
    private const byte StateKind = 0x00, TableKind = 0x01, IndexKind = 0x02, ViewKind = 0x03, SchemaKind = 0x04, SequenceKind = 0x05;
    private const byte AtomKind = 0x10;
    private const ulong Format = 1;
    private static readonly byte[] StateKey = [StateKind, .. "state"u8];

    private readonly RocksDb _db;
    private readonly WriteOptions _synced = new WriteOptions().SetSync(true);

    /// <summary>The catalog as last written: a checkpoint writes the entries that differ from it.</summary>
    private CatalogSnapshot? _written;

    private DurableAtomStore(RocksDb db, string directory)
    {
        _db = db;
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The version of the last checkpoint written or loaded; 0 for an empty store.</summary>
    public long Version { get; private set; }

    /// <summary>Bytes of the store's files on disk.</summary>
    public long SizeBytes => new DirectoryInfo(Directory).EnumerateFiles().Sum(f => f.Length);

    public static DurableAtomStore Open(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetParanoidChecks(true)
            .SetKeepLogFileNum(2);
        return new DurableAtomStore(RocksDb.Open(options, directory), directory);
    }

    /// <summary>The state of the last checkpoint, or null when nothing was ever checkpointed.</summary>
    public DurableAtomImage? Load()
    {
        if (_db.Get(StateKey) is not { } state) return null;
        var r = new ByteReader(state);
        ulong format = r.ReadVarint();
        if (format != Format) throw new InvalidDataException($"the atom store in {Directory} has format {format}; this build reads format {Format}");
        long version = (long)r.ReadVarint();
        long idHighWater = (long)r.ReadVarint();
        long catalogVersion = (long)r.ReadVarint();

        var tables = Read(TableKind, (ref ByteReader e) => CatalogCodec.ReadTable(ref e));
        var indexes = Read(IndexKind, (ref ByteReader e) => CatalogCodec.ReadIndex(ref e));
        var views = Read(ViewKind, (ref ByteReader e) => LogCodec.ReadView(ref e));
        var schemas = ReadKeys(SchemaKind).Select(key => Encoding.UTF8.GetString(key.AsSpan(1))).ToList();
        var sequences = Read(SequenceKind, (ref ByteReader e) => CatalogCodec.ReadSequence(ref e));
        var catalog = CatalogSnapshot.Restore(catalogVersion, tables, indexes, views, schemas, sequences);
        var atoms = Read(AtomKind, (ref ByteReader e) => RecordAtom.Import(ref e));
        _written = catalog;
        Version = version;
        return new DurableAtomImage(version, idHighWater, catalog, atoms);
    }

    /// <summary>One atom as of the last checkpoint, encoded as <see cref="RecordAtom.Export"/> writes it, or null.</summary>
    public byte[]? ReadAtom(long atomId) => _db.Get(Key(AtomKind, atomId));

    /// <summary>
    /// Writes a checkpoint: the changed atoms and the catalog entries that differ from the last
    /// checkpoint's, then the new state record, in one synced batch. Checkpoints must be written in
    /// increasing version order.
    /// </summary>
    public void Write(AtomStoreChanges changes)
    {
        if (changes.Version < Version) throw new InvalidOperationException($"checkpoint {changes.Version} is older than the stored one ({Version})");
        using var batch = new WriteBatch();
        var previous = changes.Complete ? null : _written;
        if (changes.Complete) batch.DeleteRange([0x00], 1, [0xFF], 1);
        WriteCatalog(batch, previous, changes.Catalog);
        foreach (var (atomId, data) in changes.Atoms)
        {
            if (data is null) batch.Delete(Key(AtomKind, atomId));
            else batch.Put(Key(AtomKind, atomId), data);
        }
        var state = new ByteWriter();
        state.WriteVarint(Format);
        state.WriteVarint((ulong)changes.Version);
        state.WriteVarint((ulong)changes.IdHighWater);
        state.WriteVarint((ulong)changes.Catalog.Version);
        batch.Put(StateKey, state.ToArray());
        _db.Write(batch, _synced);
        _written = changes.Catalog;
        Version = changes.Version;
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Puts every catalog entry that is new or replaced since <paramref name="previous"/> (all of them when null) and deletes the ones gone.</summary>
    private static void WriteCatalog(WriteBatch batch, CatalogSnapshot? previous, CatalogSnapshot catalog)
    {
        WriteEntries(batch, TableKind, previous?.Tables, catalog.Tables, CatalogCodec.WriteTable);
        WriteEntries(batch, IndexKind, previous?.Indexes, catalog.Indexes, CatalogCodec.WriteIndex);
        WriteEntries(batch, ViewKind, previous?.Views, catalog.Views, LogCodec.WriteView);
        WriteEntries(batch, SequenceKind, previous?.Sequences, catalog.Sequences, CatalogCodec.WriteSequence);
        foreach (string schema in catalog.Schemas)
        {
            if (previous is null || !previous.Schemas.Contains(schema)) batch.Put(SchemaKey(schema), Array.Empty<byte>());
        }
        foreach (string schema in previous?.Schemas ?? [])
        {
            if (!catalog.Schemas.Contains(schema)) batch.Delete(SchemaKey(schema));
        }
    }

    /// <summary>Catalog entries are immutable: an entry that is the same object as before has not changed.</summary>
    private static void WriteEntries<T>(
        WriteBatch batch, byte kind, IReadOnlyDictionary<long, T>? previous, IReadOnlyDictionary<long, T> current, Action<ByteWriter, T> write)
        where T : class
    {
        foreach (var (id, entry) in current)
        {
            if (previous is not null && previous.TryGetValue(id, out var old) && ReferenceEquals(old, entry)) continue;
            var w = new ByteWriter();
            write(w, entry);
            batch.Put(Key(kind, id), w.ToArray());
        }
        foreach (long id in previous?.Keys ?? [])
        {
            if (!current.ContainsKey(id)) batch.Delete(Key(kind, id));
        }
    }

    private delegate T EntryReader<out T>(ref ByteReader r);

    private List<T> Read<T>(byte kind, EntryReader<T> read)
    {
        var entries = new List<T>();
        using var iterator = _db.NewIterator();
        for (iterator.Seek([kind]); iterator.Valid() && iterator.GetKeySpan()[0] == kind; iterator.Next())
        {
            var r = new ByteReader(iterator.GetValueSpan());
            entries.Add(read(ref r));
        }
        return entries;
    }

    private List<byte[]> ReadKeys(byte kind)
    {
        var keys = new List<byte[]>();
        using var iterator = _db.NewIterator();
        for (iterator.Seek([kind]); iterator.Valid() && iterator.GetKeySpan()[0] == kind; iterator.Next()) keys.Add(iterator.Key());
        return keys;
    }

    private static byte[] Key(byte kind, long id)
    {
        var key = new byte[9];
        key[0] = kind;
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(1), id);
        return key;
    }

    private static byte[] SchemaKey(string schema) => [SchemaKind, .. Encoding.UTF8.GetBytes(schema)];
}
