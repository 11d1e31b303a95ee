using OrleansDb.Transactions;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class CommitSequencerTests
{
    [Fact]
    public void A_Locked_Key_Blocks_Other_Owners_And_Autocommits_Until_Released()
    {
        var sequencer = new CommitSequencer(100);
        Assert.Equal(LockOutcome.Acquired, sequencer.TryLock(owner: 1, readVersion: 100, [7], out _));
        Assert.Equal(LockOutcome.Blocked, sequencer.TryLock(owner: 2, readVersion: 100, [8, 7], out long blocker));
        Assert.Equal(1, blocker);
        Assert.Equal(0, sequencer.HolderOf(8)); // all or nothing
        var (check, _, holder) = sequencer.TrySequence(0, 100, [7], [], [], []);
        Assert.Equal((CommitCheck.Blocked, 1L), (check, holder));
        sequencer.Release(1);
        Assert.Equal(LockOutcome.Acquired, sequencer.TryLock(owner: 2, readVersion: 100, [8, 7], out _));
    }

    [Fact]
    public void A_Lock_On_A_Key_Written_After_The_Read_Version_Reports_Written_But_Holds_It()
    {
        var sequencer = new CommitSequencer(100);
        long version = sequencer.Commit(100, [7]);
        Assert.Equal(LockOutcome.Written, sequencer.TryLock(owner: 3, readVersion: 100, [7], out _));
        Assert.Equal(3, sequencer.HolderOf(7));
        Assert.Equal(LockOutcome.Acquired, sequencer.TryLock(owner: 3, readVersion: version, [7], out _));
    }

    [Fact]
    public void The_Owner_Of_A_Lock_Commits_Without_Revalidating_Its_Locked_Keys()
    {
        var sequencer = new CommitSequencer(100);
        Assert.Equal(LockOutcome.Acquired, sequencer.TryLock(owner: 4, readVersion: 100, [7], out _));
        var (check, version, _) = sequencer.TrySequence(4, 100, [7], [], [], []);
        Assert.Equal(CommitCheck.Sequenced, check);
        Assert.True(version > 100);
    }

    [Fact]
    public void A_Serializable_Read_Range_Written_After_The_Read_Version_Conflicts()
    {
        var sequencer = new CommitSequencer(100);
        sequencer.TrySequence(0, 100, [1], [], [], [(5, [0x10, 0x20])]);
        var range = new ReadRange(5, [0x10], [0x11]);
        Assert.Equal(CommitCheck.Conflict, sequencer.TrySequence(0, 100, [2], [], [range], []).Check);
        Assert.Equal(CommitCheck.Sequenced, sequencer.TrySequence(0, 100, [2], [], [new ReadRange(5, [0x11], null)], []).Check);
        Assert.Equal(CommitCheck.Sequenced, sequencer.TrySequence(0, 100, [3], [], [new ReadRange(6, [], null)], []).Check);
    }

    [Fact]
    public void A_Read_Range_Sees_Writes_At_Its_Bounds_As_Written_Inside_Only_At_The_Low_End()
    {
        var writes = new RecentWrites();
        writes.Record([0x10], 101);
        writes.Record([0x20], 102);
        writes.Record([0x10], 105);

        Assert.True(writes.WrittenAfter([0x10], [0x20], 104));     // the low bound is inside the range
        Assert.False(writes.WrittenAfter([0x11], [0x20], 100));    // the high bound is not
        Assert.True(writes.WrittenAfter([0x11], null, 101));       // no high bound
        Assert.False(writes.WrittenAfter([0x11], null, 102));
        Assert.False(writes.WrittenAfter([0x30], [0x20], 0));      // an empty range

        writes.Forget([0x10], 101);                                // not the last write of the key: kept
        Assert.True(writes.WrittenAfter([], [0x11], 104));
        writes.Forget([0x10], 105);
        Assert.False(writes.WrittenAfter([], [0x11], 0));
        Assert.Equal(1, writes.Count);
    }

    [Fact]
    public void A_Read_Key_Written_After_The_Read_Version_Conflicts()
    {
        var sequencer = new CommitSequencer(100);
        sequencer.Commit(100, [42]);
        Assert.Equal(CommitCheck.Conflict, sequencer.TrySequence(0, 100, [1], [42], [], []).Check);
    }

    [Fact]
    public void Versions_Start_Above_The_Resume_Point_And_Increase()
    {
        var sequencer = new CommitSequencer(resumeAbove: 100);
        Assert.Equal(101, sequencer.Commit(100, [1]));
        Assert.Equal(102, sequencer.Commit(100, [2]));
        Assert.Equal(103, sequencer.Commit(50, []));
    }

    [Fact]
    public void A_Write_Committed_After_The_Read_Version_Aborts_The_Later_Committer()
    {
        var sequencer = new CommitSequencer(100);
        long first = sequencer.Commit(readVersion: 100, [7]);
        Assert.Equal(101, first);
        Assert.Equal(0, sequencer.Commit(readVersion: 100, [7]));
        Assert.Equal(0, sequencer.Commit(readVersion: 100, [8, 7]));
    }

    [Fact]
    public void A_Write_Committed_At_Or_Before_The_Read_Version_Does_Not_Conflict()
    {
        var sequencer = new CommitSequencer(100);
        long first = sequencer.Commit(100, [7]);
        Assert.NotEqual(0, sequencer.Commit(readVersion: first, [7]));
    }

    [Fact]
    public void Disjoint_Keys_Never_Conflict()
    {
        var sequencer = new CommitSequencer(0);
        var random = new Random(8);
        for (long key = 1; key <= 1000; key++)
        {
            Assert.NotEqual(0, sequencer.Commit(readVersion: random.Next(0, 10), [key, -key]));
        }
    }

    [Fact]
    public void An_Aborted_Commit_Leaves_No_Trace()
    {
        var sequencer = new CommitSequencer(100);
        long first = sequencer.Commit(100, [7]);
        Assert.Equal(0, sequencer.Commit(100, [7, 9]));
        Assert.NotEqual(0, sequencer.Commit(readVersion: first, [9]));
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
                handedOut.Add(sequencer.Commit(sequencer.NextValue - 1, [random.Next(50)]));
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
        for (long key = 1; key <= 10; key++) sequencer.Commit(key - 1, [key]);
        Assert.True(sequencer.WindowStart > 0);
        Assert.Equal(0, sequencer.Commit(readVersion: sequencer.WindowStart - 1, [999]));
        Assert.NotEqual(0, sequencer.Commit(readVersion: sequencer.WindowStart - 1, []));
        Assert.NotEqual(0, sequencer.Commit(readVersion: sequencer.WindowStart, [999]));
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

internal static class CommitSequencerTestExtensions
{
    /// <summary>An autocommit with write keys only: its version, or 0 when it conflicts.</summary>
    public static long Commit(this CommitSequencer sequencer, long readVersion, long[] keys)
    {
        var (check, version, _) = sequencer.TrySequence(0, readVersion, keys, [], [], []);
        return check == CommitCheck.Sequenced ? version : 0;
    }
}
