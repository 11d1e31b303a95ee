using OrleansDb.Transactions;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class CommitSequencerTests
{
    [Fact]
    public void Versions_Start_Above_The_Resume_Point_And_Increase()
    {
        var sequencer = new CommitSequencer(resumeAbove: 100);
        Assert.Equal(101, sequencer.TrySequence(100, [1]));
        Assert.Equal(102, sequencer.TrySequence(100, [2]));
        Assert.Equal(103, sequencer.TrySequence(50, []));
    }

    [Fact]
    public void A_Write_Committed_After_The_Read_Version_Aborts_The_Later_Committer()
    {
        var sequencer = new CommitSequencer(100);
        long first = sequencer.TrySequence(readVersion: 100, [7]);
        Assert.Equal(101, first);
        Assert.Equal(0, sequencer.TrySequence(readVersion: 100, [7]));
        Assert.Equal(0, sequencer.TrySequence(readVersion: 100, [8, 7]));
    }

    [Fact]
    public void A_Write_Committed_At_Or_Before_The_Read_Version_Does_Not_Conflict()
    {
        var sequencer = new CommitSequencer(100);
        long first = sequencer.TrySequence(100, [7]);
        Assert.NotEqual(0, sequencer.TrySequence(readVersion: first, [7]));
    }

    [Fact]
    public void Disjoint_Keys_Never_Conflict()
    {
        var sequencer = new CommitSequencer(0);
        var random = new Random(8);
        for (long key = 1; key <= 1000; key++)
        {
            Assert.NotEqual(0, sequencer.TrySequence(readVersion: random.Next(0, 10), [key, -key]));
        }
    }

    [Fact]
    public void An_Aborted_Commit_Leaves_No_Trace()
    {
        var sequencer = new CommitSequencer(100);
        long first = sequencer.TrySequence(100, [7]);
        Assert.Equal(0, sequencer.TrySequence(100, [7, 9]));
        Assert.NotEqual(0, sequencer.TrySequence(readVersion: first, [9]));
        Assert.Equal(first + 1, sequencer.NextValue - 1);
    }

    [Fact]
    public void Commit_Versions_And_Allocated_Ids_Never_Repeat()
    {
        var sequencer = new CommitSequencer(10);
        var random = new Random(9);
        var handedOut = new List<long>();
        for (int i = 0; i < 1000; i++)
        {
            if (random.Next(2) == 0)
            {
                handedOut.Add(sequencer.TrySequence(sequencer.NextValue - 1, [random.Next(50)]));
            }
            else
            {
                int count = random.Next(1, 5);
                long first = sequencer.Allocate(count);
                for (int j = 0; j < count; j++) handedOut.Add(first + j);
            }
        }
        Assert.DoesNotContain(0, handedOut);
        Assert.Equal(handedOut.Count, handedOut.Distinct().Count());
        Assert.Equal(handedOut.Order(), handedOut);
        Assert.True(handedOut[0] > 10);
    }

    [Fact]
    public void A_Reservation_Is_Needed_Before_Values_Pass_The_High_Water()
    {
        var sequencer = new CommitSequencer(1000);
        Assert.Equal(1000, sequencer.ReservedHighWater);
        long? needed = sequencer.ReservationNeeded(1);
        Assert.NotNull(needed);
        Assert.True(needed > 1001);
        sequencer.Reserved(needed.Value);
        Assert.Null(sequencer.ReservationNeeded(1));
        Assert.Null(sequencer.ReservationNeeded(CommitSequencer.ReservationStep / 2));
        Assert.NotNull(sequencer.ReservationNeeded(CommitSequencer.ReservationStep));
        sequencer.Reserved(5);
        Assert.Equal(needed, sequencer.ReservedHighWater);
    }

    [Fact]
    public void Readers_Older_Than_The_Conflict_Window_Are_Aborted_Unless_Read_Only()
    {
        var sequencer = new CommitSequencer(0, windowKeys: 4);
        for (long key = 1; key <= 10; key++) sequencer.TrySequence(key - 1, [key]);
        Assert.True(sequencer.WindowStart > 0);
        Assert.Equal(0, sequencer.TrySequence(readVersion: sequencer.WindowStart - 1, [999]));
        Assert.NotEqual(0, sequencer.TrySequence(readVersion: sequencer.WindowStart - 1, []));
        Assert.NotEqual(0, sequencer.TrySequence(readVersion: sequencer.WindowStart, [999]));
    }

    [Fact]
    public void Acknowledged_Only_Moves_Forward()
    {
        var sequencer = new CommitSequencer(5);
        Assert.Equal(5, sequencer.Acknowledged);
        sequencer.Acknowledge(9);
        sequencer.Acknowledge(7);
        Assert.Equal(9, sequencer.Acknowledged);
    }
}
