using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Execution;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

/// <summary>Scans as an atom runs them (filter and projection inside the atom) and their wire form.</summary>
public sealed class AtomScannerTests
{
    private static readonly TableSchema Table = new(
        7, "public", "items",
        [new ColumnSchema("id", SqlType.Integer, true, null), new ColumnSchema("name", SqlType.Text, false, null), new ColumnSchema("qty", SqlType.Integer, false, null)],
        [0], 1);

    private static readonly ColumnExpr Id = new(0, SqlType.Integer, "id");
    private static readonly ColumnExpr Name = new(1, SqlType.Text, "name");
    private static readonly ColumnExpr Qty = new(2, SqlType.Integer, "qty");

    private static byte[] Key(long id) => KeyCodec.Encode(Value.FromInteger(id));

    /// <summary>An atom holding ids 1..20 at version 1; odd ids have a NULL quantity; id 5 is deleted at version 2.</summary>
    private static RecordAtom Atom()
    {
        var atom = new RecordAtom(1, Table.Id, [], null);
        for (long id = 1; id <= 20; id++)
        {
            atom.Apply(1, Key(id), RowCodec.Encode([Value.FromInteger(id), Value.FromText($"item {id}"), id % 2 == 1 ? Value.Null : Value.FromInteger(id * 10)]));
        }
        atom.Apply(2, Key(5), null);
        return atom;
    }

    private static AtomScanRequest Request(
        byte[]? low = null, byte[]? high = null, IReadOnlyList<byte[]>? keys = null, long readVersion = 2,
        BoundExpr? filter = null, IReadOnlyList<BoundExpr>? projection = null, int limit = 0, bool includeKeys = false) =>
        new(Table.Id, low ?? [], high, keys, readVersion, readVersion, filter, projection, limit, includeKeys);

    private static List<long> Ids(AtomScanResult result, int column = 0) => result.Rows.Select(r => r[column].AsInteger).ToList();

    [Fact]
    public void Range_Scan_Filters_And_Projects_Inside_The_Atom()
    {
        var filter = new CompareExpr(CompareOp.Greater, Qty, new ConstantExpr(Value.FromInteger(100), SqlType.Integer));
        var projection = new BoundExpr[] { Qty, new ArithmeticExpr(ArithmeticOp.Add, Id, new ConstantExpr(Value.FromInteger(1000), SqlType.Integer), SqlType.Integer) };
        var result = AtomScanner.Execute(Atom(), Table, Request(low: Key(3), high: Key(17), filter: filter, projection: projection));
        Assert.Equal([120L, 140L, 160L], Ids(result));
        Assert.Equal([1012L, 1014L, 1016L], Ids(result, 1));
        Assert.Null(result.Keys);
        Assert.Null(result.ContinueAt);
    }

    [Fact]
    public void Scan_Reads_As_Of_The_Read_Version()
    {
        Assert.Contains(5L, Ids(AtomScanner.Execute(Atom(), Table, Request(readVersion: 1))));
        Assert.DoesNotContain(5L, Ids(AtomScanner.Execute(Atom(), Table, Request(readVersion: 2))));
        Assert.Empty(AtomScanner.Execute(Atom(), Table, Request(readVersion: 0)).Rows);
    }

    [Fact]
    public void Limit_Caps_The_Rows_That_Pass_The_Filter()
    {
        var filter = new IsExpr(Qty, IsTest.Null, negated: true);
        var result = AtomScanner.Execute(Atom(), Table, Request(filter: filter, limit: 3, includeKeys: true));
        Assert.Equal([2L, 4L, 6L], Ids(result));
        Assert.Equal([Key(2), Key(4), Key(6)], result.Keys!);
        Assert.Null(result.ContinueAt);
    }

    [Fact]
    public void A_Scan_Past_A_Split_Returns_Where_To_Continue()
    {
        var atom = Atom();
        var right = atom.SplitAt(Key(11), newAtomId: 2, version: 3)!;
        var left = AtomScanner.Execute(atom, Table, Request(low: Key(8), readVersion: 3));
        Assert.Equal([8L, 9L, 10L], Ids(left));
        Assert.Equal(Key(11), left.ContinueAt);
        Assert.Equal(2, left.ContinueAtom);
        var rest = AtomScanner.Execute(right, Table, Request(low: left.ContinueAt, readVersion: 3));
        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), Ids(rest));
    }

    [Fact]
    public void Point_Keys_Outside_The_Atom_Come_Back_Unresolved_With_The_Right_Sibling()
    {
        var atom = Atom();
        atom.SplitAt(Key(11), newAtomId: 2, version: 3);
        var result = AtomScanner.Execute(atom, Table, Request(keys: [Key(3), Key(5), Key(12), Key(99), Key(4)], readVersion: 3, projection: [], includeKeys: true));
        Assert.Equal([Key(3), Key(4)], result.Keys!);
        Assert.All(result.Rows, r => Assert.Empty(r));
        Assert.Equal([Key(12), Key(99)], result.UnresolvedKeys!);
        Assert.Equal(2, result.ContinueAtom);
    }

    [Fact]
    public void Requests_Round_Trip_Through_Their_Wire_Form()
    {
        var filter = new AndExpr([
            new CompareExpr(CompareOp.GreaterOrEqual, Id, new ConstantExpr(Value.FromInteger(2), SqlType.Integer)),
            new LikeExpr(Name, new ConstantExpr(Value.FromText("item 1%"), SqlType.Text), caseInsensitive: false, negated: false),
        ]);
        AtomScanRequest[] requests =
        [
            Request(low: Key(1), high: Key(9), filter: filter, projection: [Name, Qty], limit: 5, includeKeys: true),
            Request(keys: [Key(1), Key(2)], readVersion: long.MaxValue, projection: []),
            Request(),
        ];
        var atom = Atom();
        foreach (var request in requests)
        {
            var decoded = ScanCodec.DecodeRequest(ScanCodec.EncodeRequest(request));
            Assert.Equal((request.TableId, request.ReadVersion, request.WaitVersion, request.Limit, request.IncludeKeys),
                (decoded.TableId, decoded.ReadVersion, decoded.WaitVersion, decoded.Limit, decoded.IncludeKeys));
            Assert.Equal(request.Low, decoded.Low);
            Assert.Equal(request.High, decoded.High);
            Assert.Equal(request.Keys, decoded.Keys);
            Assert.Equal(request.Filter?.ToString(), decoded.Filter?.ToString());
            Assert.Equal(request.Projection?.Select(p => p.ToString()), decoded.Projection?.Select(p => p.ToString()));

            var expected = AtomScanner.Execute(atom, Table, request);
            var result = ScanCodec.DecodeResult(ScanCodec.EncodeResult(AtomScanner.Execute(atom, Table, decoded)), ScanCodec.ResultKinds(decoded, Table));
            Assert.Equal(expected.Rows, result.Rows);
            Assert.Equal(expected.Keys, result.Keys);
        }
    }

    [Fact]
    public void Results_Round_Trip_Continuations_And_Unresolved_Keys()
    {
        var result = new AtomScanResult(
            [[Value.FromInteger(1), Value.Null, Value.FromInteger(-3)]],
            [Key(1)], Key(50), 42, [Key(60), Key(70)]);
        var decoded = ScanCodec.DecodeResult(ScanCodec.EncodeResult(result), Table.ColumnKinds);
        Assert.Equal(result.Rows, decoded.Rows);
        Assert.Equal(result.Keys, decoded.Keys);
        Assert.Equal(result.ContinueAt, decoded.ContinueAt);
        Assert.Equal(42, decoded.ContinueAtom);
        Assert.Equal(result.UnresolvedKeys, decoded.UnresolvedKeys);

        var empty = ScanCodec.DecodeResult(ScanCodec.EncodeResult(new AtomScanResult([], null, null, null, null)), Table.ColumnKinds);
        Assert.Empty(empty.Rows);
        Assert.Null(empty.Keys);
        Assert.Null(empty.ContinueAt);
        Assert.Null(empty.ContinueAtom);
        Assert.Null(empty.UnresolvedKeys);
    }
    [Fact]
    public void A_Split_Seen_Before_The_Store_Marks_Its_Version_Applied_Is_Reported_As_Observed()
    {
        // The store marks a version applied after all its ops; a scan between a split op and that mark sees the
        // right sibling already. The answer must name the split's version, or the reader asks the sibling's
        // engine for too old a state and finds no such atom.
        var store = new AtomStore(holdsEverything: true);
        store.Apply(1, [new CreateTableOp(Table, 1)]);
        var atom = store.FindAtom(1)!;
        for (long id = 1; id <= 20; id++) atom.Apply(1, Key(id), RowCodec.Encode([Value.FromInteger(id), Value.FromText("x"), Value.Null]));
        atom.SplitAt(Key(10), 2, version: 9);

        var result = AtomScanner.Execute(store, atom, Request(low: Key(5), readVersion: 1));

        Assert.Equal(2L, result.ContinueAtom);
        Assert.Equal(1, store.AppliedVersion);
        Assert.True(result.ObservedVersion >= 9, $"observed {result.ObservedVersion}");
    }
}
