using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class AtomMapTests
{
    private static byte[] Key(long id) => KeyCodec.Encode(Value.FromInteger(id));

    /// <summary>Atoms 1 [-inf, 100), 3 [100, 200), 2 [200, +inf): atom 1 split at 200 into 2, then at 100 into 3.</summary>
    private static AtomMap ThreeAtoms() => AtomMap.Single(1).WithSplit(1, Key(200), 2).WithSplit(1, Key(100), 3);

    [Fact]
    public void Single_Atom_Covers_Every_Key()
    {
        var map = AtomMap.Single(5);
        Assert.Equal(1, map.Count);
        Assert.Equal(5, map.Find(Key(long.MinValue)));
        Assert.Equal(5, map.Find([]));
        Assert.Equal(5, map.Find(Key(long.MaxValue)));
        Assert.Empty(map.LowAt(0));
        Assert.Null(map.HighAt(0));
    }

    [Theory]
    [InlineData(long.MinValue, 1L)]
    [InlineData(99L, 1L)]
    [InlineData(100L, 3L)]
    [InlineData(199L, 3L)]
    [InlineData(200L, 2L)]
    [InlineData(long.MaxValue, 2L)]
    public void Find_Returns_The_Atom_Whose_Range_Holds_The_Key(long key, long atom)
    {
        Assert.Equal(atom, ThreeAtoms().Find(Key(key)));
    }

    [Theory]
    [InlineData(3L, 150L, true)]
    [InlineData(3L, 100L, false)] // its low bound: the left half would be empty
    [InlineData(3L, 200L, false)] // its high bound belongs to atom 2
    [InlineData(3L, 50L, false)]  // inside atom 1
    [InlineData(2L, long.MaxValue, true)]
    [InlineData(9L, 150L, false)] // no such atom
    public void An_Atom_Can_Split_Only_Strictly_Inside_Its_Range(long atom, long key, bool can)
    {
        Assert.Equal(can, ThreeAtoms().CanSplitAt(atom, Key(key)));
    }

    [Fact]
    public void Split_Inserts_The_New_Atom_After_The_Split_One()
    {
        var map = ThreeAtoms();
        Assert.Equal([1L, 3L, 2L], map.AllAtoms);
        Assert.Equal(Key(100), map.LowAt(1));
        Assert.Equal(Key(200), map.HighAt(1));
        Assert.Null(map.HighAt(2));
    }

    [Theory]
    [InlineData(0L, 50L, new long[] { 1 })]
    [InlineData(0L, 100L, new long[] { 1 })]
    [InlineData(0L, 101L, new long[] { 1, 3 })]
    [InlineData(100L, 200L, new long[] { 3 })]
    [InlineData(150L, 250L, new long[] { 3, 2 })]
    [InlineData(50L, null, new long[] { 1, 3, 2 })]
    [InlineData(250L, null, new long[] { 2 })]
    public void Covering_Lists_The_Atoms_That_Meet_The_Range_In_Key_Order(long low, long? high, long[] atoms)
    {
        var covering = ThreeAtoms().Covering(Key(low), high is null ? null : Key(high.Value)).ToList();
        Assert.Equal(atoms, covering.Select(c => c.AtomId));
    }

    [Fact]
    public void Covering_Reports_Each_Atoms_Bounds()
    {
        var all = ThreeAtoms().Covering([], null).ToList();
        Assert.Equal(new byte[][] { [], Key(100), Key(200) }, all.Select(a => a.Low));
        Assert.Equal(new byte[]?[] { Key(100), Key(200), null }, all.Select(a => a.High));
    }

    [Fact]
    public void Split_Of_An_Unknown_Atom_Or_Outside_Its_Range_Or_To_A_Known_Atom_Changes_Nothing()
    {
        var map = ThreeAtoms();
        Assert.Same(map, map.WithSplit(9, Key(50), 10));
        Assert.Same(map, map.WithSplit(3, Key(100), 10));
        Assert.Same(map, map.WithSplit(3, Key(250), 10));
        Assert.Same(map, map.WithSplit(3, Key(150), 2));
    }

    [Fact]
    public void From_Entries_Rebuilds_A_Map()
    {
        var map = ThreeAtoms();
        var copy = AtomMap.FromEntries(
            Enumerable.Range(0, map.Count).Select(map.LowAt).ToArray(),
            Enumerable.Range(0, map.Count).Select(map.AtomAt).ToArray());
        Assert.Equal(map.AllAtoms, copy.AllAtoms);
        Assert.Equal(3, copy.Find(Key(150)));
    }
}
