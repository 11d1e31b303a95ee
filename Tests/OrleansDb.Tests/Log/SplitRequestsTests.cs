using Microsoft.Extensions.Logging.Abstractions;
using OrleansDb.Log;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Log;

/// <summary>
/// An engine asks for the split of an atom over its bound until it sees the atom within the bound,
/// whatever became of each request; atoms within the bound, or that cannot be split, are not asked about.
/// </summary>
public sealed class SplitRequestsTests
{
    private const long TableId = 100;
    private const long Atom = 101;
    private const long RightHalf = 102;
    private const int BoundBytes = 1024;

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static readonly TableSchema Schema = new(
        TableId, "public", "items",
        [new ColumnSchema("id", SqlType.Integer, true, null), new ColumnSchema("name", SqlType.Text, false, null)],
        [0], 1);

    private readonly AtomStore _store = new(holdsEverything: true);
    private long _version;

    public SplitRequestsTests() => Apply(new CreateTableOp(Schema, Atom));

    private void Apply(LogOp op) => _store.Apply(++_version, [op]);

    /// <summary>Writes rows until the atom holds more than <paramref name="bytes"/>.</summary>
    private void GrowAtomPast(long bytes)
    {
        for (long id = 0; _store.FindAtom(Atom)!.ByteSize <= bytes; id++)
        {
            Apply(new WriteRowOp(TableId, KeyCodec.Encode(Value.FromInteger(id)), RowCodec.Encode([Value.FromInteger(id), Value.FromText("a row of the table")])));
        }
    }

    /// <summary>What the atom's originator does when asked: splits the atom in half (here, straight into the store).</summary>
    private void SplitInHalf()
    {
        var splitKey = _store.FindAtom(Atom)!.ChooseSplitKey()!;
        Apply(new SplitAtomOp(TableId, Atom, splitKey, RightHalf));
    }

    private SplitRequests Requests(Func<long, Task> askToSplit) => new(_store, askToSplit, BoundBytes, NullLogger.Instance);

    [Fact]
    public void An_Atom_Within_Its_Bound_Is_Not_Asked_To_Split()
    {
        GrowAtomPast(BoundBytes / 2);
        int asks = 0;

        Requests(_ => Task.FromResult(Interlocked.Increment(ref asks))).Request([Atom]);

        Assert.Equal(0, asks);
    }

    [Fact]
    public void An_Atom_Holding_A_Single_Row_Larger_Than_The_Bound_Is_Not_Asked_To_Split()
    {
        Apply(new WriteRowOp(TableId, KeyCodec.Encode(Value.FromInteger(1)), RowCodec.Encode([Value.FromInteger(1), Value.FromText(new string('x', 2 * BoundBytes))])));
        int asks = 0;

        Requests(_ => Task.FromResult(Interlocked.Increment(ref asks))).Request([Atom]);

        Assert.Equal(0, asks);
    }

    [Fact]
    public async Task An_Atom_Reported_Again_While_Its_Request_Runs_Gets_No_Second_Request()
    {
        GrowAtomPast(BoundBytes * 3 / 2);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int asks = 0;
        var requests = Requests(_ =>
        {
            Interlocked.Increment(ref asks);
            asked.TrySetResult();
            return answer.Task;
        });

        requests.Request([Atom]);
        await asked.Task.WaitAsync(HangGuard);
        requests.Request([Atom]);
        requests.Request([Atom]);
        SplitInHalf();
        answer.SetResult();

        Assert.Equal(1, asks);
    }

    public enum FirstRequestEnd { Fails, SplitsNothing }

    [Theory]
    [InlineData(FirstRequestEnd.Fails)]
    [InlineData(FirstRequestEnd.SplitsNothing)]
    public async Task An_Atom_Still_Over_Its_Bound_After_A_Request_Is_Asked_Again_Until_It_Splits(FirstRequestEnd firstEnd)
    {
        GrowAtomPast(BoundBytes * 3 / 2);
        var split = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int asks = 0;
        var requests = Requests(_ =>
        {
            if (Interlocked.Increment(ref asks) == 1)
            {
                return firstEnd == FirstRequestEnd.Fails ? Task.FromException(new TimeoutException("no answer")) : Task.CompletedTask;
            }
            SplitInHalf();
            split.TrySetResult();
            return Task.CompletedTask;
        });

        requests.Request([Atom]);
        await split.Task.WaitAsync(HangGuard);

        Assert.Equal(2, asks);
        Assert.False(_store.FindAtom(Atom)!.NeedsSplit(BoundBytes));
        Assert.False(_store.FindAtom(RightHalf)!.NeedsSplit(BoundBytes));
    }
}
