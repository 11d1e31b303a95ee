using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Sequences;

/// <summary>The arithmetic of a sequence's position: next values, bounds, cycling, ranges and advancing.</summary>
public sealed class SequenceStateTests
{
    private static SequenceSchema Sequence(long start = 1, long increment = 1, long min = 1, long max = long.MaxValue, bool cycle = false) =>
        new(1, "public", "s", start, increment, min, max, 1, cycle, 0);

    [Fact]
    public void A_New_Sequence_Hands_Out_Its_Start_First()
    {
        var s = Sequence(start: 5);
        Assert.Equal(5, new SequenceState(5, false).NextValue(s));
        Assert.Equal(6, new SequenceState(5, true).NextValue(s));
    }

    [Fact]
    public void Take_Stops_At_The_Bound_And_Reports_Exhaustion_After_It()
    {
        var s = Sequence(max: 10);
        var (range, after) = new SequenceState(8, false).Take(s, 100)!.Value;
        Assert.Equal(new SequenceRange(8, 3, 1), range);
        Assert.Equal(new SequenceState(10, true), after);
        Assert.Null(after.Take(s, 1));
        Assert.Null(after.NextValue(s));
    }

    [Fact]
    public void A_Cycling_Sequence_Wraps_To_The_Other_Bound()
    {
        var up = Sequence(min: 1, max: 3, cycle: true);
        Assert.Equal(1, new SequenceState(3, true).NextValue(up));
        var down = Sequence(start: 3, increment: -1, min: 1, max: 3, cycle: true);
        Assert.Equal(3, new SequenceState(1, true).NextValue(down));
    }

    [Fact]
    public void Descending_Ranges_Count_Down_To_The_Minimum()
    {
        var s = Sequence(start: -1, increment: -2, min: -6, max: -1);
        var (range, after) = new SequenceState(-1, false).Take(s, 10)!.Value;
        Assert.Equal([-1L, -3L, -5L], Enumerable.Range(0, (int)range.Count).Select(i => range[i]));
        Assert.Equal(new SequenceState(-5, true), after);
    }

    [Fact]
    public void Arithmetic_Near_The_Limits_Of_Bigint_Does_Not_Overflow()
    {
        var s = Sequence(start: long.MaxValue - 1, min: 1, max: long.MaxValue);
        var (range, after) = new SequenceState(long.MaxValue - 1, false).Take(s, 5)!.Value;
        Assert.Equal(2, range.Count);
        Assert.Null(after.NextValue(s));

        var down = Sequence(start: -1, increment: -5, min: long.MinValue, max: -1);
        Assert.Null(new SequenceState(long.MinValue + 2, true).NextValue(down));
        Assert.Equal(1, new SequenceState(long.MinValue + 5, true).Take(down, 10)!.Value.Range.Count);
    }

    [Fact]
    public void Advance_Counts_The_Values_It_Passes_Across_Wraps()
    {
        var s = Sequence(min: 1, max: 3, cycle: true);
        var (after, values) = new SequenceState(1, false).Advance(s, 7);
        Assert.Equal(7, values);
        Assert.Equal(new SequenceState(1, true), after); // 1 2 3 1 2 3 1

        var bounded = Sequence(max: 3);
        Assert.Equal((new SequenceState(3, true), 3L), new SequenceState(1, false).Advance(bounded, 100));
        Assert.Equal(0, new SequenceState(3, true).Advance(bounded, 100).Values);
    }

    [Fact]
    public void The_Position_Round_Trips_Through_The_Log()
    {
        var ops = LogCodec.Decode(LogCodec.Encode([
            new CreateSequenceOp(new SequenceSchema(7, "app", "orders_id_seq", 10, -3, -100, 10, 20, true, 42)),
            new SequenceAdvanceOp(7, -8, true, IsReset: true),
        ]));
        Assert.Equal(new CreateSequenceOp(new SequenceSchema(7, "app", "orders_id_seq", 10, -3, -100, 10, 20, true, 42)), ops[0]);
        Assert.Equal(new SequenceAdvanceOp(7, -8, true, true), ops[1]);
    }

    [Fact]
    public void The_Catalog_Tracks_Position_And_Generation_And_Drops_Owned_Sequences_With_Their_Table()
    {
        var table = new TableSchema(1, "public", "t", [new ColumnSchema("id", OrleansDb.Sql.Types.SqlType.Integer, true, "nextval('t_id_seq')")], [0], 1);
        var catalog = CatalogSnapshot.Empty
            .Apply(1, new CreateTableOp(table, 2))
            .Apply(1, new CreateSequenceOp(new SequenceSchema(3, "public", "t_id_seq", 1, 1, 1, 100, 1, false, OwnedBy: 1)))
            .Apply(2, new SequenceAdvanceOp(3, 40, true, IsReset: false))
            .Apply(3, new SequenceAdvanceOp(3, 7, false, IsReset: true));
        var sequence = catalog.FindSequence("public", "t_id_seq")!;
        Assert.Equal((7L, false, 1L), (sequence.LastValue, sequence.IsCalled, sequence.Generation));

        var dropped = catalog.Apply(4, new DropTableOp(1));
        Assert.Null(dropped.FindSequence("public", "t_id_seq"));
        Assert.Null(dropped.FindRelation("public", "t_id_seq"));
    }
}
