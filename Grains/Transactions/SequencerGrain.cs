using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansDb.Cluster;
using OrleansDb.Sql;
using OrleansDb.Storage;

namespace OrleansDb.Transactions;

/// <summary>
/// The one sequencer. Commits are checked and versioned as they arrive; while one batch is being
/// delivered, the next accumulates (group commit), so the batch size follows the load. A batch is
/// acknowledged — and its commits answered — once every live archive has applied it.
/// </summary>
[OrderedSiloPlacement(EngineRole.Archive)]
[Reentrant]
public sealed partial class SequencerGrain(ClusterView cluster, ILogger<SequencerGrain> logger) : Grain, ISequencerGrain
{
    private const int RetainedBatches = 4096;

    private readonly List<(long Version, byte[] Ops, long Owner, TaskCompletionSource<long> Done)> _pending = [];
    private readonly Dictionary<long, TaskCompletionSource> _released = [];
    private readonly Dictionary<long, long> _waitsFor = [];
    private readonly Dictionary<long, string> _ownerSilos = [];
    private readonly LinkedList<LogBatch> _retained = new();
    private CommitSequencer _sequencer = new(0);
    private long _lastDelivered;
    private bool _flushing;
    private long _batches;
    private long _batchedCommits;
    private int _largestBatch;
    private Task? _reserving;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(3650));
        // Resume above every version any engine applied and every id the log says was reserved.
        long resume = 0;
        foreach (var silo in cluster.ActiveSilos)
        {
            try
            {
                var state = await GrainFactory.GetGrain<IEngineLogGrain>(ClusterView.Key(silo)).GetState().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                resume = Math.Max(resume, Math.Max(state.AppliedVersion, state.IdHighWater));
                _lastDelivered = Math.Max(_lastDelivered, state.AppliedVersion);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStateUnavailable(logger, silo.ToString(), e);
            }
        }
        _sequencer = new CommitSequencer(resume);
        _sequencer.Acknowledge(_lastDelivered);
        LogResumed(logger, resume);
        // The versions between the last one applied and the resume point were never used, so no engine
        // will ever report them applied: commit a reservation at once, so the first read version handed
        // out is one every engine reaches.
        await EnsureReservedAsync(1);
        this.RegisterGrainTimer(ReleaseLocksOfDeadSilos, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromSeconds(2),
            Period = TimeSpan.FromSeconds(2),
            Interleave = true,
        });
    }

    /// <summary>Locks held by transactions whose silo has died are released (the transaction died with it).</summary>
    private Task ReleaseLocksOfDeadSilos()
    {
        var active = cluster.ActiveSilos.Select(ClusterView.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (owner, silo) in _ownerSilos.ToList())
        {
            if (!active.Contains(silo)) ReleaseOwner(owner);
        }
        return Task.CompletedTask;
    }

    public async Task<LockReply> Lock(LockMessage request)
    {
        _ownerSilos[request.Owner] = request.Silo;
        while (true)
        {
            var outcome = _sequencer.TryLock(request.Owner, request.ReadVersion, request.Keys, out long blocker);
            if (outcome == LockOutcome.Acquired) return LockReply.Acquired;
            if (outcome == LockOutcome.Written) return LockReply.Written;
            if (WouldDeadlock(request.Owner, blocker)) return LockReply.Deadlock;
            await WaitForAsync(request.Owner, blocker);
        }
    }

    public Task Release(long owner)
    {
        ReleaseOwner(owner);
        return Task.CompletedTask;
    }

    private void ReleaseOwner(long owner)
    {
        _sequencer.Release(owner);
        _ownerSilos.Remove(owner);
        _waitsFor.Remove(owner);
        if (_released.Remove(owner, out var done)) done.TrySetResult();
    }

    /// <summary>Whether <paramref name="owner"/> waiting for <paramref name="blocker"/> closes a cycle of waits.</summary>
    private bool WouldDeadlock(long owner, long blocker)
    {
        for (long current = blocker, steps = 0; steps < 10_000; steps++)
        {
            if (current == owner) return true;
            if (!_waitsFor.TryGetValue(current, out current)) return false;
        }
        return true;
    }

    private async Task WaitForAsync(long owner, long blocker)
    {
        if (!_released.TryGetValue(blocker, out var done))
        {
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _released[blocker] = done;
        }
        if (owner != 0) _waitsFor[owner] = blocker;
        try
        {
            await done.Task;
        }
        finally
        {
            if (owner != 0) _waitsFor.Remove(owner);
        }
    }

    public Task<long> GetReadVersion() => Task.FromResult(_sequencer.Acknowledged);

    public async Task<long> AllocateIds(int count)
    {
        await EnsureReservedAsync(count);
        return _sequencer.Allocate(count);
    }

    public async Task<CommitOutcome> Commit(CommitMessage commit)
    {
        await EnsureReservedAsync(1);
        var ranges = commit.ReadRanges.Select(r => new ReadRange(r.KeySpace, r.Low, r.High)).ToList();
        var written = WrittenKeys(commit.Ops);
        while (true)
        {
            var (check, version, blocker) = _sequencer.TrySequence(commit.Owner, commit.ReadVersion, commit.ConflictKeys, commit.ReadKeys, ranges, written);
            switch (check)
            {
                case CommitCheck.Blocked:
                    if (commit.Owner != 0 && WouldDeadlock(commit.Owner, blocker)) return Failure(SqlState.DeadlockDetected, "deadlock detected");
                    await WaitForAsync(commit.Owner, blocker);
                    continue;
                case CommitCheck.Conflict:
                    if (commit.Owner != 0) ReleaseOwner(commit.Owner);
                    return Failure(SqlState.SerializationFailure, "could not serialize access due to concurrent update");
                case CommitCheck.TooOld:
                    if (commit.Owner != 0) ReleaseOwner(commit.Owner);
                    return Failure(SqlState.SerializationFailure, "could not serialize access: the transaction's snapshot is too old to check");
            }
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Add((version, commit.Ops, commit.Owner, done));
            StartFlushing();
            return new CommitOutcome(await done.Task, null);
        }
    }

    private static CommitOutcome Failure(string code, string message) => new(0, new SqlError(code, message, null));

    /// <summary>The row keys a commit writes, per key space, for serializable range checks.</summary>
    private static List<(long, byte[])> WrittenKeys(byte[] ops) => LogCodec.WrittenKeys(ops);

    public Task<SequencerStats> GetStats() => Task.FromResult(new SequencerStats(_batches, _batchedCommits, _largestBatch, _sequencer.Acknowledged));

    public Task<LogBatch[]?> GetBatchesAfter(long version)
    {
        if (_retained.First is null || _retained.First.Value.PreviousVersion > version) return Task.FromResult<LogBatch[]?>(null);
        return Task.FromResult<LogBatch[]?>(_retained.Where(b => b.LastVersion > version).ToArray());
    }

    /// <summary>Before values past the reserved high water are handed out, the log records a new high water.</summary>
    private async Task EnsureReservedAsync(long count)
    {
        while (_sequencer.ReservationNeeded(count) is long highWater)
        {
            if (_reserving is not null)
            {
                await _reserving;
                continue;
            }
            _reserving = ReserveAsync(highWater);
            try
            {
                await _reserving;
            }
            finally
            {
                _reserving = null;
            }
        }
    }

    private async Task ReserveAsync(long highWater)
    {
        long version = _sequencer.Allocate(1);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((version, LogCodec.Encode([new ReserveIdsOp(highWater)]), 0, done));
        StartFlushing();
        await done.Task;
        _sequencer.Reserved(highWater);
    }

    /// <summary>Starts the one flush loop unless it runs already (the flag, not a task, says so: the loop may finish synchronously).</summary>
    private void StartFlushing()
    {
        if (_flushing) return;
        _flushing = true;
        _ = FlushAsync();
    }

    private async Task FlushAsync()
    {
        try
        {
            while (_pending.Count > 0)
            {
                var commits = _pending.OrderBy(p => p.Version).ToList();
                _pending.Clear();
                var batch = new LogBatch
                {
                    PreviousVersion = _lastDelivered,
                    Versions = commits.Select(c => c.Version).ToArray(),
                    Ops = commits.Select(c => c.Ops).ToArray(),
                };
                _lastDelivered = batch.LastVersion;
                _retained.AddLast(batch);
                if (_retained.Count > RetainedBatches) _retained.RemoveFirst();
                try
                {
                    await DeliverAsync(batch);
                }
                catch (Exception e)
                {
                    // The batch may have reached some engines: its commits' outcome is unknown.
                    LogDeliveryFailed(logger, batch.LastVersion, e);
                    foreach (var (_, _, owner, done) in commits)
                    {
                        if (owner != 0) ReleaseOwner(owner);
                        done.TrySetException(e);
                    }
                    continue;
                }
                _sequencer.Acknowledge(batch.LastVersion);
                _batches++;
                _batchedCommits += commits.Count;
                _largestBatch = Math.Max(_largestBatch, commits.Count);
                foreach (var (version, _, owner, done) in commits)
                {
                    // Locks end when the commit is acknowledged: a waiter's next snapshot includes it.
                    if (owner != 0) ReleaseOwner(owner);
                    done.TrySetResult(version);
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sequencer resumes above version {Version}")]
    private static partial void LogResumed(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine {Silo} did not report its log state")]
    private static partial void LogStateUnavailable(ILogger logger, string silo, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering batch {Version} failed; its commits' outcome is unknown")]
    private static partial void LogDeliveryFailed(ILogger logger, long version, Exception error);
}
