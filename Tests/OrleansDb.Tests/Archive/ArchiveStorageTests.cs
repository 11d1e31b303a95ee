using OrleansDb.Archive;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Archive;

/// <summary>
/// The archive's atom store (RocksDB) and journal together, on a temporary directory: a checkpoint writes
/// only what changed, recovery loads the store and replays the journal after it, and the engine comes
/// back exactly as committed — rows with their versions, the catalog, sequences and the id high water.
/// </summary>
public sealed class ArchiveStorageTests : IDisposable
{
    private const long TableId = 100, FirstAtom = 101, IndexId = 102, FirstIndexAtom = 103, SequenceId = 104, ViewId = 105;

    private static readonly TableSchema Table = new(
        TableId, "public", "items",
        [new ColumnSchema("id", SqlType.Integer, true, null), new ColumnSchema("name", SqlType.Text, false, null)],
        [0], 1);

    private static readonly IndexSchema Index = new(IndexId, TableId, "public", "items_name", [new IndexColumn(1, false)], false);

    private static readonly SequenceSchema Sequence = new(SequenceId, "public", "ids", 1, 1, 1, long.MaxValue, 1, false, 0);

    private readonly string _dir = Directory.CreateTempSubdirectory("orleansdb-archive-").FullName;
    private long _version;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Recovery_Loads_The_Checkpoint_And_Replays_The_Journal_After_It()
    {
        using (var opened = Open())
        {
            var (storage, store) = opened;
            Commit(storage, store, new CreateTableOp(Table, FirstAtom), new CreateSchemaOp("sales"), new CreateSequenceOp(Sequence),
                new CreateViewOp(new ViewSchema(ViewId, "sales", "v", "SELECT 1", null)), new ReserveIdsOp(5_000));
            Commit(storage, store, Rows(1, 40, "first"));
            Commit(storage, store, new SequenceAdvanceOp(SequenceId, 17, true, false));
            Assert.Equal(_version, storage.Checkpoint(store));
            Commit(storage, store, Rows(20, 60, "second"));
            Commit(storage, store, new WriteRowOp(TableId, Key(3), null));
        }

        using var restarted = Open(out var report);
        var (_, recovered) = restarted;

        Assert.Equal(3, report.CheckpointVersion);
        Assert.Equal(1, report.LoadedAtoms);
        Assert.Equal(2, report.ReplayedBatches);
        Assert.Equal(_version, recovered.AppliedVersion);
        Assert.Equal(5_000, recovered.IdHighWater);
        Assert.Equal(["public", "sales"], recovered.Catalog.Schemas);
        Assert.NotNull(recovered.Catalog.FindView("sales", "v"));
        Assert.Equal((17L, true), (recovered.Catalog.Sequences[SequenceId].LastValue, recovered.Catalog.Sequences[SequenceId].IsCalled));
        var rows = ReadTable(recovered, _version);
        Assert.Equal(Enumerable.Range(1, 59).Where(i => i != 3).Select(i => (long)i), rows.Keys);
        Assert.Equal("first", rows[19]);
        Assert.Equal("second", rows[20]);
        Assert.Equal("first", ReadTable(recovered, 3)[20]);
    }

    [Fact]
    public void A_Checkpoint_Writes_Only_The_Atoms_Changed_Since_The_Last_One()
    {
        using var opened = Open();
        var (storage, store) = opened;
        Commit(storage, store, new CreateTableOp(Table, FirstAtom));
        Commit(storage, store, Rows(1, 100, "x"));
        Commit(storage, store, new SplitAtomOp(TableId, FirstAtom, Key(50), 200));
        Assert.Equal(2, store.ChangedAtomCount);
        storage.Checkpoint(store);
        Assert.Equal(0, store.ChangedAtomCount);

        Commit(storage, store, new WriteRowOp(TableId, Key(70), Row(70, "y")));
        var changes = store.CaptureChanges();

        Assert.Equal([200L], changes.Atoms.Select(a => a.AtomId));
        Assert.False(changes.Complete);
        store.ReturnChanges(changes);
        Assert.Equal(1, store.ChangedAtomCount);
    }

    [Fact]
    public void Dropped_Tables_And_Indexes_Leave_The_Store_With_Their_Atoms()
    {
        using (var opened = Open())
        {
            var (storage, store) = opened;
            Commit(storage, store, new CreateTableOp(Table, FirstAtom), new CreateIndexOp(Index, FirstIndexAtom));
            Commit(storage, store, Rows(1, 10, "x"));
            storage.Checkpoint(store);
            Commit(storage, store, new DropIndexOp(IndexId));
            storage.Checkpoint(store);
            Commit(storage, store, new DropTableOp(TableId));
            storage.Checkpoint(store);
        }

        using var restarted = Open(out var report);
        var (_, recovered) = restarted;

        Assert.Equal(0, report.LoadedAtoms);
        Assert.Equal(0, report.ReplayedBatches);
        Assert.Empty(recovered.Catalog.Tables);
        Assert.Empty(recovered.Catalog.Indexes);
        Assert.Equal(_version, recovered.AppliedVersion);
    }

    [Fact]
    public void A_Copied_State_Replaces_Everything_The_Store_Held()
    {
        using (var opened = Open())
        {
            var (storage, store) = opened;
            Commit(storage, store, new CreateTableOp(Table, FirstAtom));
            Commit(storage, store, Rows(1, 10, "old"));
            storage.Checkpoint(store);

            // A peer's state, far ahead: another table, none of this engine's atoms.
            var peer = new AtomStore(holdsEverything: true);
            var other = Table with { Id = 300, Name = "other" };
            peer.Apply(50, [new CreateTableOp(other, 301)]);
            peer.Apply(60, [new WriteRowOp(300, Key(1), Row(1, "peer"))]);
            store.ImportState(peer.ExportState());
            storage.Checkpoint(store, restartJournal: true);
            _version = 60;
            Commit(storage, store, new WriteRowOp(300, Key(2), Row(2, "after")));
        }

        using var restarted = Open(out var report);
        var (_, recovered) = restarted;

        Assert.Equal(60, report.CheckpointVersion);
        Assert.Null(recovered.Catalog.FindTable(TableId));
        Assert.Null(recovered.FindAtom(FirstAtom));
        Assert.Equal(61, recovered.AppliedVersion);
        Assert.NotNull(recovered.FindAtom(301)!.Get(Key(2), 61));
    }

    [Fact]
    public void Recovery_Of_An_Empty_Directory_Starts_At_Version_Zero()
    {
        using var opened = Open(out var report);
        var (storage, store) = opened;

        Assert.Equal((0L, 0, 0L), (report.Version, report.LoadedAtoms, report.ReplayedBatches));
        Assert.Equal(0, storage.Checkpoint(store));
    }

    private Opened Open() => Open(out _);

    private Opened Open(out ArchiveRecoveryReport report)
    {
        var storage = new ArchiveStorage(_dir, segmentBytes: 1 << 20);
        var store = new AtomStore(holdsEverything: true);
        report = storage.Recover(store);
        return new Opened(storage, store);
    }

    /// <summary>What the log service does with a batch: journal it, then apply it.</summary>
    private void Commit(ArchiveStorage storage, AtomStore store, params LogOp[] ops)
    {
        long previous = _version++;
        storage.Append(new JournalBatch(previous, [_version], [LogCodec.Encode(ops)]));
        store.Apply(_version, ops);
    }

    private static LogOp[] Rows(int from, int to, string name) =>
        [.. Enumerable.Range(from, to - from).Select(i => new WriteRowOp(TableId, Key(i), Row(i, name)))];

    private static byte[] Key(long id) => KeyCodec.Encode(Value.FromInteger(id));

    private static byte[] Row(long id, string name) => RowCodec.Encode([Value.FromInteger(id), Value.FromText(name)]);

    private static SortedDictionary<long, string> ReadTable(AtomStore store, long version)
    {
        var rows = new SortedDictionary<long, string>();
        foreach (long atomId in store.Catalog.FindTable(TableId)!.Atoms.AllAtoms)
        {
            var atom = store.FindAtom(atomId)!;
            for (long id = 0; id < 200; id++)
            {
                if (atom.Covers(Key(id)) && atom.Get(Key(id), version) is { } row)
                {
                    rows[id] = RowCodec.Decode(row, Table.ColumnKinds)[1].AsText;
                }
            }
        }
        return rows;
    }

    private sealed record Opened(ArchiveStorage Storage, AtomStore Store) : IDisposable
    {
        public void Dispose() => Storage.Dispose();
    }
}
