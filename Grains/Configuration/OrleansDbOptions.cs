using OrleansDb.Cluster;

namespace OrleansDb.Configuration;

/// <summary>How this silo's engine behaves. Bound from the "OrleansDb" configuration section.</summary>
public sealed class OrleansDbOptions
{
    public const string SectionName = "OrleansDb";

    /// <summary>cache (runs SQL, caches atoms), archive (holds every atom) or both.</summary>
    public EngineRole Engine { get; set; } = EngineRole.Both;

    /// <summary>A record atom splits when its row data (all versions) grows past this many bytes.</summary>
    public int AtomSplitBytes { get; set; } = 64 * 1024;

    /// <summary>How long a statement waits for this engine to apply a version before giving up (57P03).</summary>
    public TimeSpan VersionWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session idle this long is ended and its open transaction rolled back.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many ids one request for a block of row ids takes from the sequencer.</summary>
    public int IdBlockSize { get; set; } = 4096;

    /// <summary>How many statement plans (and parsed requests) an engine keeps for reuse; 0 turns the plan cache off.</summary>
    public int PlanCacheSize { get; set; } = 4096;

    /// <summary>
    /// Where an archive engine keeps its journal and checkpoint (the silo's <c>--data-dir</c>); null keeps
    /// the engine in memory only (in-process test clusters).
    /// </summary>
    public string? DataDir { get; set; }

    /// <summary>
    /// A cache-only engine holds at most about this many bytes of atom data; past it, the least recently
    /// used atoms are dropped and fetched again from an archive on their next use.
    /// </summary>
    public long CacheMemoryBytes { get; set; } = 1L << 30;

    /// <summary>A journal segment file is closed and a new one started past this size.</summary>
    public long JournalSegmentBytes { get; set; } = 16L << 20;

    /// <summary>
    /// The engine writes a checkpoint (the atoms changed since the last one, to its atom store) and deletes
    /// the journal it covers once the journal grows past this size: it bounds what a restart replays.
    /// </summary>
    public long CheckpointJournalBytes { get; set; } = 64L << 20;
}
