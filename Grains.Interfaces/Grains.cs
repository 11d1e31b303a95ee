namespace OrleansDb;

/// <summary>
/// The commit sequencer: a singleton that hands out read versions, ids and commit versions, checks
/// write conflicts (first committer wins) and sends committed batches to every engine in order.
/// </summary>
[Alias("OrleansDb.ISequencerGrain")]
public interface ISequencerGrain : IGrainWithIntegerKey
{
    [Alias("GetReadVersion")] Task<long> GetReadVersion();

    [Alias("Commit")] Task<CommitOutcome> Commit(CommitMessage commit);

    /// <summary>Locks keys for an interactive transaction; waits while another transaction holds one of them.</summary>
    [Alias("Lock")] Task<LockReply> Lock(LockMessage request);

    /// <summary>Ends a transaction without committing: its locks are released.</summary>
    [Alias("Release")] Task Release(long owner);

    /// <summary>Reserves <paramref name="count"/> consecutive unique ids and returns the first.</summary>
    [Alias("AllocateIds")] Task<long> AllocateIds(int count);

    /// <summary>Group commit counters since this sequencer activated.</summary>
    [Alias("GetStats")] Task<SequencerStats> GetStats();

    /// <summary>The retained batches after <paramref name="version"/>, for an engine that missed some; null when not retained.</summary>
    [Alias("GetBatchesAfter")] Task<LogBatch[]?> GetBatchesAfter(long version);
}

/// <summary>One engine's log service: receives committed batches and applies them to the engine's atoms.</summary>
[Alias("OrleansDb.IEngineLogGrain")]
public interface IEngineLogGrain : IGrainWithStringKey
{
    [Alias("Deliver")] Task Deliver(LogBatch batch);

    [Alias("GetState")] Task<EngineLogState> GetState();

    /// <summary>This engine's full state (catalog and every atom), encoded, once it has applied <paramref name="minVersion"/>.</summary>
    [Alias("ExportState")] Task<byte[]> ExportState(long minVersion);

    /// <summary>One atom's state, encoded, once this engine has applied <paramref name="minVersion"/>; empty when absent.</summary>
    [Alias("ExportAtom")] Task<byte[]> ExportAtom(long atomId, long minVersion);

    /// <summary>
    /// The batches after <paramref name="afterVersion"/> from this archive engine's journal, in order, up to
    /// the one holding <paramref name="throughVersion"/> (or fewer, past a size limit); empty when this engine
    /// keeps no journal or its journal no longer reaches back to <paramref name="afterVersion"/>.
    /// </summary>
    [Alias("ReadJournal")] Task<LogBatch[]> ReadJournal(long afterVersion, long throughVersion);
}

/// <summary>A record atom's originator: answers scans of its key range and decides its splits.</summary>
[Alias("OrleansDb.IRecordAtomGrain")]
public interface IRecordAtomGrain : IGrainWithIntegerKey
{
    [Alias("Scan")] Task<AtomScanReply> Scan(byte[] request);

    /// <summary>Splits the atom if it has grown past its size bound.</summary>
    [Alias("CheckSplit")] Task CheckSplit();

    /// <summary>The silo hosting this activation (for tests and diagnostics).</summary>
    [Alias("GetHost")] Task<string> GetHost();
}

/// <summary>
/// A sequence atom's originator: hands out ranges of the sequence's values, recording in the log a
/// position ahead of them first, so no value is handed out twice even when the originator moves.
/// </summary>
[Alias("OrleansDb.ISequenceAtomGrain")]
public interface ISequenceAtomGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="count"/> consecutive values (fewer at the sequence's bound).</summary>
    [Alias("Take")] Task<SequenceReply> Take(long count);

    /// <summary>setval: moves the sequence and starts a new generation (engines drop cached values).</summary>
    [Alias("SetValue")] Task<SequenceReply> SetValue(long value, bool isCalled);

    [Alias("GetHost")] Task<string> GetHost();
}

/// <summary>A table's record catalog: approves and commits the splits of the table's record atoms.</summary>
[Alias("OrleansDb.IRecordCatalogGrain")]
public interface IRecordCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Splits <paramref name="atomId"/> at <paramref name="splitKey"/>; returns the split's version, or 0 when refused.</summary>
    [Alias("Split")] Task<long> Split(long atomId, byte[] splitKey);

    [Alias("GetHost")] Task<string> GetHost();
}

/// <summary>The root catalog's originator: approves every transaction that changes the catalog, one at a time.</summary>
[Alias("OrleansDb.IRootCatalogGrain")]
public interface IRootCatalogGrain : IGrainWithIntegerKey
{
    [Alias("Commit")] Task<CommitOutcome> Commit(CommitMessage commit);
}

/// <summary>Where an Orleans client sends SQL: runs it on the silo that receives the call (or the session's silo).</summary>
[Alias("OrleansDb.ISqlGrain")]
public interface ISqlGrain : IGrainWithIntegerKey
{
    [Alias("Execute")] Task<SqlResponse> Execute(SqlRequest request);

    /// <summary>Opens a session on this silo; its id routes later requests here.</summary>
    [Alias("OpenSession")] Task<string> OpenSession();

    /// <summary>Ends a session, rolling back its open transaction; false when it did not exist.</summary>
    [Alias("CloseSession")] Task<bool> CloseSession(string session);
}

/// <summary>A silo's sessions, reachable from other silos: a request for a session runs on the silo that holds it.</summary>
[Alias("OrleansDb.ISessionHostGrain")]
public interface ISessionHostGrain : IGrainWithStringKey
{
    [Alias("Execute")] Task<SqlResponse> Execute(SqlRequest request);

    [Alias("Close")] Task<bool> Close(string session);
}
