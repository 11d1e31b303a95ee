namespace OrleansDb.Storage;

/// <summary>
/// One change in a committed transaction, as the commit log carries it. Every engine applies the ops of
/// every commit in version order, so every copy of the catalog and of an atom goes through the same
/// states.
/// </summary>
public abstract record LogOp;

/// <summary>A new version of a row (<see cref="Row"/> null = the row is deleted: a tombstone).</summary>
public sealed record WriteRowOp(long TableId, byte[] Key, byte[]? Row) : LogOp;

/// <summary>A table is created with one empty record atom covering every key.</summary>
public sealed record CreateTableOp(TableSchema Schema, long FirstAtomId) : LogOp;

public sealed record DropTableOp(long TableId) : LogOp;

/// <summary>Record atom <see cref="AtomId"/> hands the keys at and above <see cref="SplitKey"/> to a new atom.</summary>
public sealed record SplitAtomOp(long TableId, long AtomId, byte[] SplitKey, long NewAtomId) : LogOp;

/// <summary>The sequencer may hand out ids up to <see cref="HighWater"/>; a new sequencer starts above it.</summary>
public sealed record ReserveIdsOp(long HighWater) : LogOp;

/// <summary>An index is created with one empty index atom; its entries for existing rows follow as row writes.</summary>
public sealed record CreateIndexOp(IndexSchema Schema, long FirstAtomId) : LogOp;

public sealed record DropIndexOp(long IndexId) : LogOp;

public sealed record CreateViewOp(ViewSchema Schema) : LogOp;

public sealed record DropViewOp(long ViewId) : LogOp;

/// <summary>A table's definition changes (columns added, dropped or renamed; the table renamed); its indexes are restated with it.</summary>
public sealed record AlterTableOp(TableSchema Schema, IReadOnlyList<IndexSchema> Indexes) : LogOp;

public sealed record CreateSchemaOp(string Name) : LogOp;

public sealed record DropSchemaOp(string Name) : LogOp;

public sealed record CreateSequenceOp(SequenceSchema Schema) : LogOp;

public sealed record DropSequenceOp(long SequenceId) : LogOp;

/// <summary>
/// A sequence's position, as PostgreSQL keeps it: <see cref="LastValue"/> and whether it was handed out
/// (<see cref="IsCalled"/>). The originator records a position ahead of every value it hands out, so a
/// new originator continues after it and never repeats one. <see cref="IsReset"/> marks a setval: the
/// sequence's generation moves on, and every engine drops the values it had cached.
/// </summary>
public sealed record SequenceAdvanceOp(long SequenceId, long LastValue, bool IsCalled, bool IsReset) : LogOp;
