namespace OrleansDb.Engine;

/// <summary>
/// Hands out unique ids (row ids, table and atom ids) from blocks taken from the sequencer, so most
/// allocations cost no call. Ids of a block that is never used are simply skipped.
/// </summary>
public sealed class IdBlockAllocator(IGrainFactory grains, int blockSize)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _next;
    private long _end;

    public async Task<long> AllocateAsync(int count)
    {
        await _gate.WaitAsync();
        try
        {
            if (_end - _next < count)
            {
                int take = Math.Max(blockSize, count);
                _next = await grains.GetGrain<ISequencerGrain>(0).AllocateIds(take);
                _end = _next + take;
            }
            long first = _next;
            _next += count;
            return first;
        }
        finally
        {
            _gate.Release();
        }
    }
}
