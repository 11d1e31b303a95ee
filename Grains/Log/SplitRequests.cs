using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansDb.Configuration;
using OrleansDb.Storage;

namespace OrleansDb.Log;

/// <summary>
/// Asks the originators of the atoms this engine holds to split them while they are over their bound.
/// The log service hands it the atoms each applied batch grew or created (a split creates its right
/// half). An atom that needs a split gets one request loop on this engine: the loop asks, and whenever a
/// request ends — answered, refused or failed — with the atom still over the bound, asks again after a
/// delay: <see cref="FirstRetryDelay"/> after a request that split the atom, doubling up to
/// <see cref="MaxRetryDelay"/> with each request in a row that did not. So no lost, stale or failed
/// request leaves an oversized atom behind once writes stop, and an atom that cannot be split yet costs
/// a request every few seconds at most.
///
/// Invariant: an atom is in <see cref="_asking"/> exactly while its request loop runs, and an atom this
/// engine holds that a batch left over its bound stays there until this engine sees it within the bound.
/// Cost: a set lookup per atom a batch grew; a loop only per oversized atom.
/// </summary>
public sealed partial class SplitRequests : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly AtomStore _store;
    private readonly Func<long, Task> _askToSplit;
    private readonly long _boundBytes;
    private readonly ILogger _logger;
    private readonly HashSet<long> _asking = [];
    private readonly CancellationTokenSource _stopping = new();

    public SplitRequests(AtomStore store, IGrainFactory grains, IOptions<OrleansDbOptions> options, ILogger<SplitRequests> logger)
        : this(store, atomId => grains.GetGrain<IRecordAtomGrain>(atomId).CheckSplit(), options.Value.AtomSplitBytes, logger)
    {
    }

    /// <summary>With <paramref name="askToSplit"/> in place of the call to the atom's originator.</summary>
    internal SplitRequests(AtomStore store, Func<long, Task> askToSplit, long boundBytes, ILogger logger)
    {
        _store = store;
        _askToSplit = askToSplit;
        _boundBytes = boundBytes;
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SplitRequests), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => _stopping.CancelAsync());

    /// <summary>Starts a request loop for each of <paramref name="atomIds"/> that needs a split and has none.</summary>
    public void Request(IEnumerable<long> atomIds)
    {
        foreach (long atomId in atomIds)
        {
            // The loop runs on the thread pool, not on the scheduler of the log grain that applied the batch.
            if (StartAsking(atomId)) _ = Task.Run(() => AskUntilWithinBoundAsync(atomId));
        }
    }

    private async Task AskUntilWithinBoundAsync(long atomId)
    {
        int misses = 0;
        while (!_stopping.IsCancellationRequested)
        {
            long? sibling = _store.FindAtom(atomId)?.RightSibling;
            await AskAsync(atomId);
            if (StopAskingIfWithinBound(atomId)) return;
            // Every split gives the atom a new right sibling: an unchanged one means the request split nothing here.
            misses = _store.FindAtom(atomId)?.RightSibling == sibling ? misses + 1 : 0;
            await Task.Delay(RetryDelay(misses), _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Adds the atom when it needs a split and has no loop yet. Under the same lock as
    /// <see cref="StopAskingIfWithinBound"/>: a batch that grows the atom while its loop ends either finds
    /// the loop still there (which then sees the growth) or starts a new one.
    /// </summary>
    private bool StartAsking(long atomId)
    {
        lock (_asking) return !_stopping.IsCancellationRequested && NeedsSplit(atomId) && _asking.Add(atomId);
    }

    private bool StopAskingIfWithinBound(long atomId)
    {
        lock (_asking) return !NeedsSplit(atomId) && _asking.Remove(atomId);
    }

    /// <summary>A cache engine that evicted the atom leaves it to the archives, which hold every atom.</summary>
    private bool NeedsSplit(long atomId) => _store.FindAtom(atomId)?.NeedsSplit(_boundBytes) == true;

    private async Task AskAsync(long atomId)
    {
        try
        {
            await _askToSplit(atomId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRequestFailed(_logger, atomId, e);
        }
    }

    private static TimeSpan RetryDelay(int misses) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(misses, 4)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking atom {Atom} to split failed; asking again later")]
    private static partial void LogRequestFailed(ILogger logger, long atom, Exception error);
}
