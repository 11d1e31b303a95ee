namespace OrleansDb.Engine;

/// <summary>
/// Read versions for this engine's transactions, from the sequencer, with concurrent requests sharing
/// one call: a request is answered by the first call sent after it arrived, so its version is at or
/// above every commit acknowledged before the request began (a snapshot sees every commit acknowledged
/// before it started, on any silo), while at most one call is out at a time however many requests wait.
/// </summary>
public sealed class ReadVersionSource(IGrainFactory grains)
{
    private readonly ISequencerGrain _sequencer = grains.GetGrain<ISequencerGrain>(0);
    private readonly Lock _lock = new();
    private TaskCompletionSource<long>? _waiting;
    private bool _calling;

    public Task<long> NextAsync()
    {
        lock (_lock)
        {
            _waiting ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var answer = _waiting.Task;
            if (!_calling)
            {
                _calling = true;
                _ = Task.Run(CallAsync); // off any grain's scheduler: the first caller may be a grain turn
            }
            return answer;
        }
    }

    /// <summary>Calls the sequencer once per group of waiting requests, until none waits.</summary>
    private async Task CallAsync()
    {
        while (true)
        {
            TaskCompletionSource<long> group;
            lock (_lock)
            {
                if (_waiting is null)
                {
                    _calling = false;
                    return;
                }
                group = _waiting;
                _waiting = null; // requests from now on wait for the next call
            }
            try
            {
                group.SetResult(await _sequencer.GetReadVersion());
            }
            catch (Exception e)
            {
                group.SetException(e);
            }
        }
    }
}
