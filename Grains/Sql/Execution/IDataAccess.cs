using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>A transaction's writes and catalog changes, ready for the sequencer.</summary>
/// <param name="ReadVersion">The version the transaction read at; a write committed after it to a key this transaction writes aborts it (40001).</param>
/// <param name="Ops">The changes, encoded by <see cref="LogCodec"/>.</param>
/// <param name="ConflictKeys">Hashes of every key written (rows and catalog names).</param>
public sealed record CommitRequest(long ReadVersion, byte[] Ops, long[] ConflictKeys, bool HasCatalogChanges)
{
    /// <summary>The transaction's id when it holds locks, else 0.</summary>
    public long Owner { get; init; }

    /// <summary>Keys whose writes after the read version abort the commit (besides its own write keys).</summary>
    public long[] ReadKeys { get; init; } = [];

    /// <summary>Key ranges whose writes after the read version abort the commit (serializable reads, whole-table DDL).</summary>
    public IReadOnlyList<(long Space, byte[] Low, byte[]? High)> ReadRanges { get; init; } = [];
}

public enum LockResult : byte { Acquired, Written, Deadlock }

/// <summary>
/// What statement execution needs from the database around it: this engine's catalog copy, versions,
/// the atoms, id blocks and the commit path. The grain layer implements it; tests may too.
/// </summary>
public interface IDataAccess
{
    /// <summary>The newest catalog this engine has applied.</summary>
    CatalogSnapshot Catalog { get; }

    /// <summary>
    /// The catalog as of an applied <paramref name="version"/> (what a snapshot at that version binds
    /// against), or null when this engine no longer holds one that old.
    /// </summary>
    CatalogSnapshot? CatalogAt(long version);

    /// <summary>The newest version this engine has applied.</summary>
    long AppliedVersion { get; }

    /// <summary>A version every acknowledged commit is at or below: what a new snapshot reads at.</summary>
    Task<long> GetReadVersionAsync(CancellationToken cancellationToken);

    Task WaitForVersionAsync(long version, CancellationToken cancellationToken);

    Task<AtomScanResult> ScanAsync(long atomId, TableSchema table, AtomScanRequest request, CancellationToken cancellationToken);

    /// <summary>Reserves <paramref name="count"/> consecutive unique ids and returns the first.</summary>
    Task<long> AllocateIdsAsync(int count, CancellationToken cancellationToken);

    /// <summary>Commits; returns the commit version once it is durable. Throws 40001 on a conflict.</summary>
    Task<long> CommitAsync(CommitRequest request, CancellationToken cancellationToken);

    /// <summary>Locks keys for transaction <paramref name="owner"/>, waiting while another transaction holds one.</summary>
    Task<LockResult> LockAsync(long owner, long readVersion, long[] keys, CancellationToken cancellationToken);

    /// <summary>The next value of a sequence (not transactional: a value taken is never handed out again).</summary>
    Task<long> NextValueAsync(SequenceSchema sequence, CancellationToken cancellationToken);

    /// <summary>setval: the next value handed out follows <paramref name="value"/> (or is it, when not <paramref name="isCalled"/>).</summary>
    Task SetValueAsync(SequenceSchema sequence, long value, bool isCalled, CancellationToken cancellationToken);

    /// <summary>Ends transaction <paramref name="owner"/> without a commit: its locks are released.</summary>
    Task ReleaseAsync(long owner, CancellationToken cancellationToken);
}
