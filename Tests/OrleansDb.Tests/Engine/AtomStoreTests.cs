using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class AtomStoreTests
{
    private const long TableId = 100;
    private const long FirstAtom = 101;

    private static readonly TableSchema Schema = new(
        TableId, "public", "items",
        [new ColumnSchema("id", SqlType.Integer, true, null), new ColumnSchema("name", SqlType.Varchar(20), false, "'none'")],
        [0], 1);

    private static byte[] Key(long id) => KeyCodec.Encode(Value.FromInteger(id));

    private static byte[] Row(long id, string name) => RowCodec.Encode([Value.FromInteger(id), Value.FromText(name)]);

    private static WriteRowOp Write(long id, string? name) => new(TableId, Key(id), name is null ? null : Row(id, name));

    /// <summary>Every visible row of the table at a version, walking the record catalog's atoms in key order.</summary>
    private static List<(long Id, string Name)> ReadTable(AtomStore store, long version)
    {
        var rows = new List<(long, string)>();
        var table = store.Catalog.FindTable(TableId)!;
        foreach (long atomId in table.Atoms.AllAtoms)
        {
            var atom = store.FindAtom(atomId)!;
            for (long id = 0; id < 100; id++)
            {
                if (atom.Covers(Key(id)) && atom.Get(Key(id), version) is { } row)
                {
                    var values = RowCodec.Decode(row, Schema.ColumnKinds);
                    rows.Add((values[0].AsInteger, values[1].AsText));
                }
            }
        }
        return rows;
    }

    private static AtomStore StoreWithTable()
    {
        var store = new AtomStore(holdsEverything: true);
        store.Apply(1, [new CreateTableOp(Schema, FirstAtom)]);
        return store;
    }

    [Fact]
    public void Create_Table_Adds_The_Table_With_One_Atom_Covering_Every_Key()
    {
        var store = StoreWithTable();
        var table = store.Catalog.FindTable("public", "items");
        Assert.NotNull(table);
        Assert.Equal(Schema, table.Schema);
        Assert.Equal([FirstAtom], table.Atoms.AllAtoms);
        Assert.Equal(1, store.Catalog.Version);
        Assert.Equal(1, store.AppliedVersion);
        var atom = store.FindAtom(FirstAtom);
        Assert.NotNull(atom);
        Assert.Empty(atom.Low);
        Assert.Null(atom.High);
    }

    [Fact]
    public void A_Cache_Store_Learns_The_Table_But_Holds_No_Atom()
    {
        var store = new AtomStore(holdsEverything: false);
        store.Apply(1, [new CreateTableOp(Schema, FirstAtom), Write(1, "a")]);
        Assert.NotNull(store.Catalog.FindTable(TableId));
        Assert.Null(store.FindAtom(FirstAtom));
        Assert.Empty(store.ExportAtom(FirstAtom));
    }

    [Fact]
    public void Write_Row_Adds_A_Version_And_A_Tombstone_Hides_It_Later()
    {
        var store = StoreWithTable();
        store.Apply(2, [Write(1, "a"), Write(2, "b")]);
        store.Apply(3, [Write(1, null), Write(2, "b2")]);
        Assert.Equal([(1L, "a"), (2L, "b")], ReadTable(store, 2));
        Assert.Equal([(2L, "b2")], ReadTable(store, 3));
    }

    [Fact]
    public void Versions_At_Or_Below_The_Applied_One_Are_Ignored()
    {
        var store = StoreWithTable();
        store.Apply(5, [Write(1, "a")]);
        store.Apply(5, [Write(1, "again")]);
        store.Apply(4, [Write(2, "late")]);
        Assert.Equal([(1L, "a")], ReadTable(store, 10));
        Assert.Equal(5, store.AppliedVersion);
    }

    [Fact]
    public void Split_Atom_Moves_Rows_And_Later_Writes_Route_By_The_New_Map()
    {
        var store = StoreWithTable();
        store.Apply(2, Enumerable.Range(0, 20).Select(i => (LogOp)Write(i, $"r{i}")).ToList());
        store.Apply(3, [new SplitAtomOp(TableId, FirstAtom, Key(10), 200)]);
        store.Apply(4, [Write(15, "after split"), Write(5, "left")]);

        var table = store.Catalog.FindTable(TableId)!;
        Assert.Equal([FirstAtom, 200L], table.Atoms.AllAtoms);
        var left = store.FindAtom(FirstAtom)!;
        var right = store.FindAtom(200)!;
        Assert.Equal(10, left.EntryCount);
        Assert.Equal(10, right.EntryCount);
        Assert.Equal("after split", RowCodec.Decode(right.Get(Key(15), 4)!, Schema.ColumnKinds)[1].AsText);
        Assert.Equal("left", RowCodec.Decode(left.Get(Key(5), 4)!, Schema.ColumnKinds)[1].AsText);
        Assert.Equal(20, ReadTable(store, 3).Count);
        Assert.Equal(2, store.AtomCount);
    }

    [Fact]
    public void Replayed_Split_Is_A_No_Op()
    {
        var store = StoreWithTable();
        store.Apply(2, [Write(1, "a"), Write(20, "b")]);
        store.Apply(3, [new SplitAtomOp(TableId, FirstAtom, Key(10), 200)]);
        store.Apply(4, [new SplitAtomOp(TableId, FirstAtom, Key(10), 200)]);
        Assert.Equal([FirstAtom, 200L], store.Catalog.FindTable(TableId)!.Atoms.AllAtoms);
        Assert.Equal(1, store.FindAtom(200)!.EntryCount);
    }

    [Fact]
    public void Drop_Table_Removes_The_Table_And_Its_Atoms()
    {
        var store = StoreWithTable();
        store.Apply(2, [Write(1, "a"), Write(20, "b")]);
        store.Apply(3, [new SplitAtomOp(TableId, FirstAtom, Key(10), 200)]);
        store.Apply(4, [new DropTableOp(TableId)]);
        Assert.Null(store.Catalog.FindTable(TableId));
        Assert.Null(store.Catalog.FindTable("public", "items"));
        Assert.Equal(0, store.AtomCount);
        store.Apply(5, [Write(1, "ignored")]);
        Assert.Equal(5, store.AppliedVersion);
    }

    [Fact]
    public void Reserve_Ids_Raises_The_High_Water_Only()
    {
        var store = new AtomStore(holdsEverything: true);
        store.Apply(1, [new ReserveIdsOp(1000)]);
        store.Apply(2, [new ReserveIdsOp(500)]);
        Assert.Equal(1000, store.IdHighWater);
    }

    [Fact]
    public void Export_And_Import_State_Round_Trip()
    {
        var store = StoreWithTable();
        store.Apply(2, Enumerable.Range(0, 30).Select(i => (LogOp)Write(i, $"r{i}")).ToList());
        store.Apply(3, [new SplitAtomOp(TableId, FirstAtom, Key(10), 200), new ReserveIdsOp(4096)]);
        store.Apply(4, [Write(3, null), Write(25, "changed")]);
        store.Apply(5, [new SplitAtomOp(TableId, 200, Key(20), 300)]);

        var copy = new AtomStore(holdsEverything: true);
        copy.ImportState(store.ExportState());

        Assert.Equal(store.AppliedVersion, copy.AppliedVersion);
        Assert.Equal(store.IdHighWater, copy.IdHighWater);
        Assert.Equal(store.Catalog.Version, copy.Catalog.Version);
        var table = copy.Catalog.FindTable("public", "items")!;
        Assert.Equal(Schema.Name, table.Schema.Name);
        Assert.Equal(Schema.Columns, table.Schema.Columns);
        Assert.Equal(Schema.PrimaryKey, table.Schema.PrimaryKey);
        Assert.Equal(store.Catalog.FindTable(TableId)!.Atoms.AllAtoms, table.Atoms.AllAtoms);
        Assert.Equal(3, copy.AtomCount);
        for (long v = 1; v <= 5; v++) Assert.Equal(ReadTable(store, v), ReadTable(copy, v));

        copy.Apply(6, [Write(40, "new")]);
        Assert.Contains((40L, "new"), ReadTable(copy, 6));
    }

    [Fact]
    public void Import_State_Older_Than_The_Applied_Version_Is_Ignored()
    {
        var store = StoreWithTable();
        var old = store.ExportState();
        store.Apply(2, [Write(1, "a")]);
        store.ImportState(old);
        Assert.Equal(2, store.AppliedVersion);
        Assert.Single(ReadTable(store, 2));
    }

    [Fact]
    public void Install_Replays_Retained_Commits_Newer_Than_The_Copy()
    {
        var archive = StoreWithTable();
        archive.Apply(2, [Write(1, "a")]);
        var copy = AtomStore.ImportAtom(archive.ExportAtom(FirstAtom));
        archive.Apply(3, [Write(2, "b")]);

        var cache = new AtomStore(holdsEverything: false);
        cache.Apply(1, [new CreateTableOp(Schema, FirstAtom)]);
        cache.Apply(2, [Write(1, "a")]);
        cache.Apply(3, [Write(2, "b")]);
        Assert.Same(copy, cache.Install(copy));
        Assert.Equal([(1L, "a"), (2L, "b")], ReadTable(cache, 3));
        Assert.True(cache.Evict(FirstAtom));
        Assert.False(archive.Evict(FirstAtom));
    }

    [Fact]
    public async Task Waiting_For_A_Version_Completes_When_It_Is_Applied()
    {
        var store = StoreWithTable();
        Assert.True(store.WaitForVersionAsync(1).IsCompletedSuccessfully);
        var wait = store.WaitForVersionAsync(3);
        store.Apply(2, [Write(1, "a")]);
        Assert.False(wait.IsCompleted);
        store.AdvanceTo(3);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
