using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class RecordAtomTests
{
    private static byte[] Key(long id) => KeyCodec.Encode(Value.FromInteger(id));

    private static long Id(ReadOnlySpan<byte> key) => KeyCodec.Decode(key, [ValueKind.Integer])[0].AsInteger;

    private static byte[] Row(long id, string text) => RowCodec.Encode([Value.FromInteger(id), Value.FromText(text)]);

    private static string? Text(byte[]? row) => row is null ? null : RowCodec.Decode(row, [ValueKind.Integer, ValueKind.Text])[1].AsText;

    /// <summary>Collects the ids a scan visits; stops after <paramref name="stopAfter"/> rows when given.</summary>
    private sealed class IdCollector(int stopAfter = int.MaxValue) : IRowVisitor
    {
        public List<long> Ids { get; } = [];

        public bool Visit(ReadOnlySpan<byte> key, byte[] row)
        {
            Ids.Add(Id(key));
            return Ids.Count < stopAfter;
        }
    }

    private static RecordAtom AtomWithRows(IEnumerable<long> ids, long version = 1, long atomId = 1)
    {
        var atom = new RecordAtom(atomId, tableId: 10, [], null);
        foreach (long id in ids) atom.Apply(version, Key(id), Row(id, $"row {id}"));
        return atom;
    }

    private static (List<long> Ids, AtomScanOutcome Outcome) Scan(RecordAtom atom, byte[] low, byte[]? high, long readVersion, int stopAfter = int.MaxValue)
    {
        var visitor = new IdCollector(stopAfter);
        var outcome = atom.Scan(low, high, readVersion, visitor);
        return (visitor.Ids, outcome);
    }

    [Fact]
    public void Get_Returns_The_Newest_Version_At_Or_Below_The_Read_Version()
    {
        var atom = new RecordAtom(1, 10, [], null);
        atom.Apply(10, Key(1), Row(1, "a"));
        atom.Apply(20, Key(1), Row(1, "b"));
        atom.Apply(30, Key(1), null);
        atom.Apply(40, Key(1), Row(1, "c"));
        Assert.Null(atom.Get(Key(1), 9));
        Assert.Equal("a", Text(atom.Get(Key(1), 10)));
        Assert.Equal("a", Text(atom.Get(Key(1), 19)));
        Assert.Equal("b", Text(atom.Get(Key(1), 20)));
        Assert.Equal("b", Text(atom.Get(Key(1), 29)));
        Assert.Null(atom.Get(Key(1), 30));
        Assert.Null(atom.Get(Key(1), 39));
        Assert.Equal("c", Text(atom.Get(Key(1), long.MaxValue)));
        Assert.Null(atom.Get(Key(2), long.MaxValue));
        Assert.Equal(40, atom.Version);
    }

    [Fact]
    public void Replaying_An_Applied_Version_Changes_Nothing()
    {
        var atom = new RecordAtom(1, 10, [], null);
        atom.Apply(10, Key(1), Row(1, "a"));
        long size = atom.ByteSize;
        atom.Apply(10, Key(1), Row(1, "other"));
        atom.Apply(5, Key(1), null);
        Assert.Equal("a", Text(atom.Get(Key(1), 10)));
        Assert.Equal(size, atom.ByteSize);
    }

    [Fact]
    public void Scan_Sees_Rows_As_Of_Its_Read_Version_And_Skips_Tombstones()
    {
        var atom = AtomWithRows([1, 2, 3, 4], version: 10);
        atom.Apply(20, Key(2), null);
        atom.Apply(20, Key(5), Row(5, "new"));
        atom.Apply(30, Key(3), Row(3, "changed"));
        Assert.Empty(Scan(atom, [], null, 9).Ids);
        Assert.Equal([1, 2, 3, 4], Scan(atom, [], null, 10).Ids);
        Assert.Equal([1, 3, 4, 5], Scan(atom, [], null, 20).Ids);
        Assert.Equal([1, 3, 4, 5], Scan(atom, [], null, 30).Ids);
    }

    [Fact]
    public void Scan_Reads_The_Half_Open_Range_Low_To_High()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i));
        Assert.Equal([3, 4, 5, 6], Scan(atom, Key(3), Key(7), 1).Ids);
        Assert.Equal([8, 9, 10], Scan(atom, Key(8), null, 1).Ids);
        Assert.Empty(Scan(atom, Key(11), null, 1).Ids);
        var (_, outcome) = Scan(atom, Key(3), Key(7), 1);
        Assert.Equal(new AtomScanOutcome(false, null, null), outcome);
    }

    [Fact]
    public void Scan_Stops_When_The_Visitor_Says_So()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i));
        var (ids, outcome) = Scan(atom, [], null, 1, stopAfter: 3);
        Assert.Equal([1, 2, 3], ids);
        Assert.True(outcome.Stopped);
    }

    [Fact]
    public void Split_Moves_The_Rows_At_And_Above_The_Key_With_Their_Versions()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i), version: 5);
        atom.Apply(6, Key(8), Row(8, "v6"));
        long sizeBefore = atom.ByteSize;
        var right = atom.SplitAt(Key(6), newAtomId: 2, version: 7);

        Assert.NotNull(right);
        Assert.Equal(Key(6), atom.High);
        Assert.Equal(2, atom.RightSibling);
        Assert.Equal(Key(6), right.Low);
        Assert.Null(right.High);
        Assert.Null(right.RightSibling);
        Assert.Equal(10, right.TableId);
        Assert.Equal(5, atom.EntryCount);
        Assert.Equal(5, right.EntryCount);
        Assert.Equal(sizeBefore, atom.ByteSize + right.ByteSize);
        Assert.Equal(7, atom.Version);
        Assert.Equal(7, right.Version);
        Assert.Equal("row 8", Text(right.Get(Key(8), 5)));
        Assert.Equal("v6", Text(right.Get(Key(8), 6)));
        Assert.Null(atom.Get(Key(8), 6));
        Assert.True(atom.Covers(Key(5)));
        Assert.False(atom.Covers(Key(6)));
        Assert.True(right.Covers(Key(6)));
    }

    [Fact]
    public void Scan_Past_The_High_Bound_Continues_At_The_Split_Key_In_The_Right_Sibling()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i));
        var right = atom.SplitAt(Key(6), 2, 2)!;

        var (leftIds, leftOutcome) = Scan(atom, Key(3), Key(9), 2);
        Assert.Equal([3, 4, 5], leftIds);
        Assert.False(leftOutcome.Stopped);
        Assert.Equal(Key(6), leftOutcome.ContinueAt);
        Assert.Equal(2, leftOutcome.ContinueAtom);

        var (rightIds, rightOutcome) = Scan(right, leftOutcome.ContinueAt!, Key(9), 2);
        Assert.Equal([6, 7, 8], rightIds);
        Assert.Null(rightOutcome.ContinueAt);
    }

    [Fact]
    public void Scan_Starting_Past_The_High_Bound_Continues_Where_It_Starts_Not_At_The_Split_Key()
    {
        // A reader whose catalog predates the split asks the left atom for [8, 9): nothing of it is here,
        // and the right sibling must be read from 8, not from the split key 6.
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i));
        atom.SplitAt(Key(6), 2, 2);

        var (ids, outcome) = Scan(atom, Key(8), Key(9), 2);

        Assert.Empty(ids);
        Assert.Equal(Key(8), outcome.ContinueAt);
        Assert.Equal(2, outcome.ContinueAtom);
    }

    [Fact]
    public void Lookup_Reads_The_Keys_It_Covers_And_Hands_The_Rest_To_The_Right_Sibling()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i));
        atom.Apply(3, Key(4), null);
        atom.SplitAt(Key(6), 2, 2);
        var visitor = new IdCollector();

        var (unresolved, right) = atom.Lookup([Key(2), Key(4), Key(5), Key(7), Key(42), Key(9)], 3, visitor);

        Assert.Equal([2, 5], visitor.Ids);                      // 4 is a tombstone at version 3
        Assert.Equal([7L, 42, 9], unresolved!.Select(k => Id(k)));
        Assert.Equal(2, right);
        Assert.Equal((null, null), atom.Lookup([Key(1)], 3, new IdCollector()));
    }

    [Fact]
    public void Scan_Ending_At_The_High_Bound_Does_Not_Continue()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 10).Select(i => (long)i));
        atom.SplitAt(Key(6), 2, 2);
        var (ids, outcome) = Scan(atom, [], Key(6), 2);
        Assert.Equal([1, 2, 3, 4, 5], ids);
        Assert.Null(outcome.ContinueAt);
    }

    [Fact]
    public void Scanning_Across_Repeated_Splits_Sees_Every_Row_Exactly_Once()
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 500).Select(_ => random.NextInt64(-1_000_000, 1_000_000)).Distinct().ToList();
        var atoms = new Dictionary<long, RecordAtom> { [1] = AtomWithRows(ids) };
        long nextId = 2;
        for (int round = 0; round < 20; round++)
        {
            foreach (var atom in atoms.Values.ToList())
            {
                if (atom.ChooseSplitKey() is { } splitKey && atom.SplitAt(splitKey, nextId, 2) is { } right)
                {
                    atoms[nextId++] = right;
                }
            }
            if (atoms.Count > 40) break;
        }
        Assert.True(atoms.Count > 20);

        // Walk from the first atom, following ContinueAt / ContinueAtom as a reader does.
        var seen = new List<long>();
        byte[]? cursor = [];
        long? atomId = 1;
        while (cursor is not null)
        {
            var (page, outcome) = Scan(atoms[atomId!.Value], cursor, null, 2);
            seen.AddRange(page);
            cursor = outcome.ContinueAt;
            atomId = outcome.ContinueAtom;
        }
        Assert.Equal(ids.Order().ToList(), seen);
        Assert.Equal(ids.Count, atoms.Values.Sum(a => a.EntryCount));
    }

    [Fact]
    public void A_Second_Split_Of_The_Left_Atom_Chains_The_Right_Siblings()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 100).Select(i => (long)i));
        var b = atom.SplitAt(Key(50), 2, 2)!;
        var c = atom.SplitAt(Key(25), 3, 3)!;
        Assert.Equal(3, atom.RightSibling);
        Assert.Equal(2, c.RightSibling);
        Assert.Equal(Key(50), c.High);
        Assert.Null(b.RightSibling);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(10L)]
    [InlineData(20L)]
    public void Split_At_A_Key_Outside_The_Range_Is_A_No_Op(long splitAt)
    {
        var atom = new RecordAtom(1, 10, Key(10), Key(20));
        atom.Apply(1, Key(15), Row(15, "x"));
        Assert.Null(atom.SplitAt(Key(splitAt), 2, 2));
        Assert.Equal(Key(20), atom.High);
        Assert.Null(atom.RightSibling);
        Assert.Equal(1, atom.EntryCount);
    }

    [Fact]
    public void Choose_Split_Key_Halves_The_Atom_By_Bytes()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 100).Select(i => (long)i));
        var splitKey = atom.ChooseSplitKey()!;
        long total = atom.ByteSize;
        var right = atom.SplitAt(splitKey, 2, 2)!;
        Assert.InRange(right.ByteSize, total * 4 / 10, total * 6 / 10);
        Assert.InRange(Id(splitKey), 45, 55);
    }

    [Fact]
    public void Choose_Split_Key_Counts_Old_Versions()
    {
        var atom = AtomWithRows(Enumerable.Range(1, 100).Select(i => (long)i));
        for (long v = 2; v < 12; v++)
        {
            for (long id = 1; id <= 20; id++) atom.Apply(v, Key(id), Row(id, $"version {v}"));
        }
        Assert.InRange(Id(atom.ChooseSplitKey()!), 2, 25);
    }

    [Fact]
    public void Choose_Split_Key_Needs_Two_Keys()
    {
        Assert.Null(new RecordAtom(1, 10, [], null).ChooseSplitKey());
        Assert.Null(AtomWithRows([1]).ChooseSplitKey());
        var two = AtomWithRows([1, 2]);
        Assert.Equal(Key(2), two.ChooseSplitKey());
    }

    [Fact]
    public void Choose_Split_Key_Never_Picks_The_First_Key_Even_For_A_Huge_First_Row()
    {
        var atom = new RecordAtom(1, 10, [], null);
        atom.Apply(1, Key(1), Row(1, new string('x', 10_000)));
        for (long id = 2; id <= 5; id++) atom.Apply(1, Key(id), Row(id, "small"));
        Assert.Equal(Key(2), atom.ChooseSplitKey());
    }

    [Fact]
    public void Export_And_Import_Round_Trip_Every_Version()
    {
        var atom = new RecordAtom(7, 10, Key(0), Key(1000));
        for (long v = 1; v <= 5; v++)
        {
            for (long id = 1; id <= 20; id += v) atom.Apply(v, Key(id), v == 4 && id % 2 == 0 ? null : Row(id, $"v{v}"));
        }
        atom.SplitAt(Key(500), 8, 6);
        var w = new ByteWriter();
        atom.Export(w);
        var bytes = w.ToArray();
        var r = new ByteReader(bytes);
        var copy = RecordAtom.Import(ref r);

        Assert.True(r.AtEnd);
        Assert.Equal(atom.Id, copy.Id);
        Assert.Equal(atom.TableId, copy.TableId);
        Assert.Equal(atom.Low, copy.Low);
        Assert.Equal(atom.High, copy.High);
        Assert.Equal(atom.RightSibling, copy.RightSibling);
        Assert.Equal(atom.Version, copy.Version);
        Assert.Equal(atom.ByteSize, copy.ByteSize);
        Assert.Equal(atom.EntryCount, copy.EntryCount);
        for (long v = 0; v <= 6; v++)
        {
            Assert.Equal(Scan(atom, [], null, v).Ids, Scan(copy, [], null, v).Ids);
            for (long id = 1; id <= 20; id++) Assert.Equal(atom.Get(Key(id), v), copy.Get(Key(id), v));
        }
    }
}
