namespace OrleansDb.Storage;

/// <summary>
/// Lets readers wait until a version has been applied. <see cref="Release"/> is called by the single
/// applier after each commit; waiting on an applied version costs no allocation.
/// </summary>
public sealed class VersionWaiters
{
    private readonly SortedDictionary<long, TaskCompletionSource> _waiting = [];
    private readonly object _lock = new();
    private long _released;

    public long Released => Volatile.Read(ref _released);

    public Task WaitAsync(long version, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _released) >= version) return Task.CompletedTask;
        TaskCompletionSource tcs;
        lock (_lock)
        {
            if (_released >= version) return Task.CompletedTask;
            if (!_waiting.TryGetValue(version, out tcs!))
            {
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(version, tcs);
            }
        }
        return cancellationToken.CanBeCanceled ? tcs.Task.WaitAsync(cancellationToken) : tcs.Task;
    }

    public void Release(long version)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            if (version <= _released) return;
            Volatile.Write(ref _released, version);
            while (_waiting.Count > 0)
            {
                var first = _waiting.First();
                if (first.Key > version) break;
                _waiting.Remove(first.Key);
                (ready ??= []).Add(first.Value);
            }
        }
        if (ready is null) return;
        foreach (var tcs in ready) tcs.TrySetResult();
    }
}
