namespace OrleansDb;

/// <summary>
/// A group of committed transactions in version order, as the sequencer sends it to every engine.
/// <see cref="PreviousVersion"/> is the last version of the batch before it, so a receiver can tell a
/// gap from a duplicate. <see cref="Ops"/>[i] is transaction <see cref="Versions"/>[i]'s changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.LogBatch")]
public sealed class LogBatch
{
    [Id(0)] public required long PreviousVersion { get; init; }

    [Id(1)] public required long[] Versions { get; init; }

    [Id(2)] public required byte[][] Ops { get; init; }

    public long LastVersion => Versions[^1];
}

/// <summary>
/// A transaction's commit request: its read version, its encoded changes, the hashes of the keys it
/// writes (<see cref="ConflictKeys"/>), and what it read that must not have changed since its read
/// version (<see cref="ReadKeys"/>, <see cref="ReadRanges"/>). <see cref="Owner"/> is the transaction's
/// id when it holds locks (interactive transactions), else 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.CommitMessage")]
public sealed class CommitMessage
{
    [Id(0)] public required long ReadVersion { get; init; }

    [Id(1)] public required byte[] Ops { get; init; }

    [Id(2)] public required long[] ConflictKeys { get; init; }

    [Id(3)] public long Owner { get; init; }

    [Id(4)] public long[] ReadKeys { get; init; } = [];

    [Id(5)] public KeyRangeMessage[] ReadRanges { get; init; } = [];
}

/// <summary>A range [Low, High) of a key space (a table's rows or an index's entries); High null = to the end.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.KeyRangeMessage")]
public sealed record KeyRangeMessage([property: Id(0)] long KeySpace, [property: Id(1)] byte[] Low, [property: Id(2)] byte[]? High);

/// <summary>A statement's request to lock the keys it wrote, validated against its read version.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.LockMessage")]
public sealed class LockMessage
{
    [Id(0)] public required long Owner { get; init; }

    [Id(1)] public required long ReadVersion { get; init; }

    [Id(2)] public required long[] Keys { get; init; }

    /// <summary>The silo holding the transaction: its locks are released if that silo dies.</summary>
    [Id(3)] public required string Silo { get; init; }
}

public enum LockReply : byte
{
    /// <summary>The keys are locked and unchanged since the read version.</summary>
    Acquired = 0,

    /// <summary>The keys are locked, but one was written after the read version.</summary>
    Written = 1,

    /// <summary>Waiting would deadlock: the transaction must abort (40P01).</summary>
    Deadlock = 2,
}

/// <summary>The commit version, or the SQLSTATE that rejected the commit.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.CommitOutcome")]
public sealed record CommitOutcome([property: Id(0)] long Version, [property: Id(1)] SqlError? Error);

/// <summary>
/// What an engine has applied, for a new sequencer to resume from, and (on a durable archive) its
/// journal's size, checkpoint version and fsyncs since start, for <c>GET /v1/cluster</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.EngineLogState")]
public sealed record EngineLogState(
    [property: Id(0)] long AppliedVersion,
    [property: Id(1)] long IdHighWater,
    [property: Id(2)] bool HoldsEverything,
    [property: Id(3)] bool Durable = false,
    [property: Id(4)] long JournalBytes = 0,
    [property: Id(5)] long CheckpointVersion = 0,
    [property: Id(6)] long JournalSyncs = 0,
    [property: Id(7)] long AtomStoreBytes = 0,
    [property: Id(8)] long HeldBytes = 0,
    [property: Id(9)] int HeldAtoms = 0);

/// <summary>A record atom's answer to a scan: rows encoded by the engine, or an error.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.AtomScanReply")]
public sealed record AtomScanReply([property: Id(0)] byte[] Result, [property: Id(1)] SqlError? Error);

/// <summary>
/// A sequence originator's answer: <see cref="Count"/> values from <see cref="First"/> (one increment
/// apart), the sequence's generation, the log version that recorded a setval — or an error.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.SequenceReply")]
public sealed record SequenceReply(
    [property: Id(0)] long First,
    [property: Id(1)] long Count,
    [property: Id(2)] long Generation,
    [property: Id(3)] long Version,
    [property: Id(4)] SqlError? Error);

/// <summary>
/// Group commit counters of the sequencer since it activated: batches delivered, commits they carried
/// (transactions plus the sequencer's own id reservations), the largest batch, the acknowledged version.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.SequencerStats")]
public sealed record SequencerStats(
    [property: Id(0)] long Batches,
    [property: Id(1)] long Commits,
    [property: Id(2)] int LargestBatch,
    [property: Id(3)] long AcknowledgedVersion);
