using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class VersionWaitersTests
{
    [Fact]
    public void Waiting_For_A_Released_Version_Is_Already_Complete()
    {
        var waiters = new VersionWaiters();
        Assert.True(waiters.WaitAsync(0, CancellationToken.None).IsCompletedSuccessfully);
        waiters.Release(5);
        Assert.True(waiters.WaitAsync(5, CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(waiters.WaitAsync(3, CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(5, waiters.Released);
    }

    [Fact]
    public async Task Release_Completes_Every_Waiter_At_Or_Below_The_Version()
    {
        var waiters = new VersionWaiters();
        var at2 = waiters.WaitAsync(2, CancellationToken.None);
        var at4 = waiters.WaitAsync(4, CancellationToken.None);
        var at4Again = waiters.WaitAsync(4, CancellationToken.None);
        var at9 = waiters.WaitAsync(9, CancellationToken.None);

        waiters.Release(4);
        await Task.WhenAll(at2, at4, at4Again).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(at9.IsCompleted);

        waiters.Release(10);
        await at9.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Releasing_An_Older_Version_Changes_Nothing()
    {
        var waiters = new VersionWaiters();
        waiters.Release(7);
        waiters.Release(3);
        Assert.Equal(7, waiters.Released);
    }

    [Fact]
    public async Task A_Canceled_Wait_Ends_Without_Blocking_Others()
    {
        var waiters = new VersionWaiters();
        using var cancel = new CancellationTokenSource();
        var canceled = waiters.WaitAsync(3, cancel.Token);
        var other = waiters.WaitAsync(3, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        waiters.Release(3);
        await other.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
