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

/// <summary>A transaction's commit request: its read version, its encoded changes and their conflict keys.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.CommitMessage")]
public sealed class CommitMessage
{
    [Id(0)] public required long ReadVersion { get; init; }

    [Id(1)] public required byte[] Ops { get; init; }

    [Id(2)] public required long[] ConflictKeys { get; init; }
}

/// <summary>The commit version, or the SQLSTATE that rejected the commit.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.CommitOutcome")]
public sealed record CommitOutcome([property: Id(0)] long Version, [property: Id(1)] SqlError? Error);

/// <summary>What an engine has applied, for a new sequencer to resume from.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.EngineLogState")]
public sealed record EngineLogState(
    [property: Id(0)] long AppliedVersion,
    [property: Id(1)] long IdHighWater,
    [property: Id(2)] bool HoldsEverything);

/// <summary>A record atom's answer to a scan: rows encoded by the engine, or an error.</summary>
[GenerateSerializer, Immutable, Alias("OrleansDb.AtomScanReply")]
public sealed record AtomScanReply([property: Id(0)] byte[] Result, [property: Id(1)] SqlError? Error);
