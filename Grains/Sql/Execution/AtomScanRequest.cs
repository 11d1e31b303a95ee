using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// What a statement asks of one record atom: the visible rows at <see cref="ReadVersion"/> of the
/// range [<see cref="Low"/>, <see cref="High"/>) — or of the given <see cref="Keys"/> — that pass
/// <see cref="Filter"/>, as <see cref="Projection"/> (null: full rows), at most <see cref="Limit"/>
/// of them (0: no cap). The atom's engine first waits until it has applied <see cref="WaitVersion"/>.
/// </summary>
public sealed record AtomScanRequest(
    long TableId,
    byte[] Low,
    byte[]? High,
    IReadOnlyList<byte[]>? Keys,
    long ReadVersion,
    long WaitVersion,
    BoundExpr? Filter,
    IReadOnlyList<BoundExpr>? Projection,
    int Limit,
    bool IncludeKeys)
{
    /// <summary>
    /// How the rows visible at <see cref="ReadVersion"/> are laid out: the column kinds of the table's
    /// committed definition in the reader's snapshot. The atom's engine may have applied a newer
    /// definition (an ALTER TABLE after the snapshot, which rewrote the rows for later versions only),
    /// so it decodes with these; null: with its own newest definition.
    /// </summary>
    public ValueKind[]? RowKinds { get; init; }
}

/// <summary>
/// An atom's answer. When the range goes past the atom's upper bound, <see cref="ContinueAt"/> is where
/// to resume and <see cref="ContinueAtom"/> the atom that holds it (if the atom knows it). Point keys the
/// atom does not cover (it split) come back in <see cref="UnresolvedKeys"/>. <see cref="ObservedVersion"/>
/// is the version the answering engine had applied: a request that follows the answer to another atom
/// asks that atom's engine to have applied at least as much (the split that created it, for one).
/// </summary>
public sealed record AtomScanResult(
    List<Value[]> Rows,
    List<byte[]>? Keys,
    byte[]? ContinueAt,
    long? ContinueAtom,
    List<byte[]>? UnresolvedKeys)
{
    public long ObservedVersion { get; init; }
}
