using OrleansDb.Cluster;
using OrleansDb.Sql;
using OrleansDb.Sql.Execution;
using OrleansDb.Storage;

namespace OrleansDb.Atoms;

/// <summary>
/// A sequence atom's originator. Before it hands out a value it records, through the sequencer, a
/// position at or beyond that value (a prefetch ahead, so most takes cost no commit). A new originator
/// reads the last recorded position and continues after it: values skipped that way are gaps, as in
/// PostgreSQL, never repeats. Each record is a commit on the sequence's conflict key at the version of
/// the previous one, so if two activations ever overlap, the one whose knowledge is stale is refused
/// (first committer wins) and reloads: placement is never trusted as a lock.
/// </summary>
[OrderedSiloPlacement(EngineRole.Cache)]
public sealed class SequenceAtomGrain(AtomStore store) : Grain, ISequenceAtomGrain
{
    /// <summary>Values recorded ahead at once when a take needs fewer.</summary>
    public const long Prefetch = 128;

    private const int MaxReloads = 5;

    private SequenceSchema? _schema;
    private SequenceState _position;
    private long _budget;
    private long _generation;
    private long _knownVersion;
    private bool _loaded;

    private long SequenceId => this.GetPrimaryKeyLong();

    private ISequencerGrain Sequencer => GrainFactory.GetGrain<ISequencerGrain>(0);

    public async Task<SequenceReply> Take(long count)
    {
        count = Math.Max(count, 1);
        for (int attempt = 0; attempt < MaxReloads; attempt++)
        {
            if (await LoadAsync() is { } missing) return missing;
            var schema = _schema!;
            if (_budget < count)
            {
                var (ahead, values) = _position.Advance(schema, Math.Max(count, Prefetch));
                if (values == 0) return Failure(SqlState.SequenceGeneratorLimitExceeded, SequenceState.ExhaustedMessage(schema));
                var recorded = await RecordAsync(ahead, isReset: false);
                if (recorded.Error is { Code: SqlState.SerializationFailure }) continue;
                if (recorded.Error is { } error) return new SequenceReply(0, 0, 0, 0, error);
                _budget = values;
            }
            var (range, after) = _position.Take(schema, Math.Min(count, _budget))!.Value;
            _position = after;
            _budget -= range.Count;
            return new SequenceReply(range.First, range.Count, _generation, _knownVersion, null);
        }
        return Failure(SqlState.SerializationFailure, "could not serialize access: the sequence moved concurrently");
    }

    public async Task<SequenceReply> SetValue(long value, bool isCalled)
    {
        for (int attempt = 0; attempt < MaxReloads; attempt++)
        {
            if (await LoadAsync() is { } missing) return missing;
            var schema = _schema!;
            if (value < schema.MinValue || value > schema.MaxValue)
            {
                return Failure(SqlState.NumericValueOutOfRange,
                    $"setval: value {value} is out of bounds for sequence \"{schema.Name}\" ({schema.MinValue}..{schema.MaxValue})");
            }
            var position = new SequenceState(value, isCalled);
            var recorded = await RecordAsync(position, isReset: true);
            if (recorded.Error is { Code: SqlState.SerializationFailure }) continue;
            if (recorded.Error is { } error) return new SequenceReply(0, 0, 0, 0, error);
            _position = position;
            _budget = 0;
            _generation++;
            return new SequenceReply(value, 0, _generation, recorded.Version, null);
        }
        return Failure(SqlState.SerializationFailure, "could not serialize access: the sequence moved concurrently");
    }

    public Task<string> GetHost() => Task.FromResult(RuntimeIdentity);

    /// <summary>Reads the recorded position when not loaded; an error when the sequence no longer exists.</summary>
    private async Task<SequenceReply?> LoadAsync()
    {
        if (!_loaded)
        {
            long version = await Sequencer.GetReadVersion();
            await store.WaitForVersionAsync(version);
            if (store.Catalog.Sequences.TryGetValue(SequenceId, out var sequence))
            {
                _schema = sequence.Schema;
                _position = new SequenceState(sequence.LastValue, sequence.IsCalled);
                _generation = sequence.Generation;
                _budget = 0;
                _knownVersion = version;
                _loaded = true;
            }
        }
        if (_loaded && store.Catalog.Sequences.ContainsKey(SequenceId)) return null;
        _loaded = false;
        return Failure(SqlState.UndefinedTable, $"sequence with id {SequenceId} does not exist");
    }

    /// <summary>Records a position in the log; a conflict (another activation recorded one first) makes the next call reload.</summary>
    private async Task<CommitOutcome> RecordAsync(SequenceState position, bool isReset)
    {
        var outcome = await Sequencer.Commit(new CommitMessage
        {
            ReadVersion = _knownVersion,
            Ops = LogCodec.Encode([new SequenceAdvanceOp(SequenceId, position.LastValue, position.IsCalled, isReset)]),
            ConflictKeys = [Transaction.TableConflictKey(SequenceId)],
        });
        if (outcome.Error is null) _knownVersion = outcome.Version;
        else _loaded = false;
        return outcome;
    }

    private static SequenceReply Failure(string code, string message) => new(0, 0, 0, 0, new SqlError(code, message, null));
}
