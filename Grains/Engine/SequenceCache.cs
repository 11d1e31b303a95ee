using System.Collections.Concurrent;
using OrleansDb.Sql;
using OrleansDb.Storage;

namespace OrleansDb.Engine;

/// <summary>
/// This engine's cached sequence values: a range of up to CACHE values per sequence, taken from the
/// sequence's originator, handed out locally. Values of a range this engine never hands out (it died,
/// or setval started a new generation) are gaps. A setval on any engine moves the sequence's generation
/// in the catalog; an engine drops its range once it has applied that change.
/// </summary>
public sealed class SequenceCache(AtomStore store, IGrainFactory grains)
{
    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public SequenceRange Range;
        public long Used;
        public long Generation = -1;
    }

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public async Task<long> NextAsync(SequenceSchema sequence, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(sequence.Id, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            long generation = CurrentGeneration(sequence);
            if (entry.Generation >= generation && entry.Used < entry.Range.Count) return entry.Range[entry.Used++];
            var reply = await grains.GetGrain<ISequenceAtomGrain>(sequence.Id).Take(sequence.Cache).WaitAsync(cancellationToken);
            if (reply.Error is { } error) throw new SqlException(error.Code, error.Message);
            entry.Range = new SequenceRange(reply.First, reply.Count, sequence.Increment);
            entry.Used = 1;
            entry.Generation = reply.Generation;
            return reply.First;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>setval: once it returns, this engine has applied the new generation, so its next nextval follows the new value.</summary>
    public async Task SetAsync(SequenceSchema sequence, long value, bool isCalled, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(sequence.Id, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            var reply = await grains.GetGrain<ISequenceAtomGrain>(sequence.Id).SetValue(value, isCalled).WaitAsync(cancellationToken);
            if (reply.Error is { } error) throw new SqlException(error.Code, error.Message);
            entry.Used = entry.Range.Count;
            entry.Generation = reply.Generation;
            await store.WaitForVersionAsync(reply.Version, cancellationToken);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private long CurrentGeneration(SequenceSchema sequence)
    {
        if (store.Catalog.Sequences.TryGetValue(sequence.Id, out var current)) return current.Generation;
        _entries.TryRemove(sequence.Id, out _);
        throw new SqlException(SqlState.UndefinedTable, $"relation \"{sequence.Name}\" does not exist");
    }
}
