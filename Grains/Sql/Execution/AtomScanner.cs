using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Runs an <see cref="AtomScanRequest"/> against an atom, where the atom lives: rows are decoded,
/// filtered and projected here, so only what the statement needs leaves the atom.
/// </summary>
public static class AtomScanner
{
    /// <summary>
    /// Runs a scan on this engine's copy of an atom, which must reflect every commit up to the request's
    /// read version (the engine has applied its wait version). The rows are read in the layout the request
    /// names for its key space; a key space this engine no longer knows is 42P01.
    /// </summary>
    public static AtomScanResult Execute(AtomStore store, RecordAtom atom, AtomScanRequest request)
    {
        var table = store.Catalog.FindKeySpace(request.TableId)?.Schema
            ?? throw new SqlException(SqlState.UndefinedTable, $"relation with id {request.TableId} does not exist");
        atom.Touch();
        var result = Execute(atom, table, request);
        // The scan may have seen a split whose version is applied to the atom but not yet marked applied in
        // the store (the store marks a version after all its ops): the atom's own version covers it, so the
        // reader waits for it before asking the right sibling the split created.
        return result with { ObservedVersion = Math.Max(store.AppliedVersion, atom.Version) };
    }

    public static AtomScanResult Execute(RecordAtom atom, TableSchema table, AtomScanRequest request)
    {
        var visitor = new Visitor(table, request);
        if (request.Keys is not null)
        {
            var (unresolved, rightSibling) = atom.Lookup(request.Keys, request.ReadVersion, visitor);
            return new AtomScanResult(visitor.Rows, visitor.Keys, null, rightSibling, unresolved);
        }
        var outcome = atom.Scan(request.Low, request.High, request.ReadVersion, visitor);
        return new AtomScanResult(visitor.Rows, visitor.Keys, outcome.Stopped ? null : outcome.ContinueAt, outcome.ContinueAtom, null);
    }

    private sealed class Visitor(TableSchema table, AtomScanRequest request) : IRowVisitor
    {
        private readonly ValueKind[] _kinds = request.RowKinds ?? table.ColumnKinds;
        private readonly Value[] _buffer = new Value[(request.RowKinds ?? table.ColumnKinds).Length];

        public List<Value[]> Rows { get; } = [];

        public List<byte[]>? Keys { get; } = request.IncludeKeys ? [] : null;

        public bool Visit(ReadOnlySpan<byte> key, byte[] row)
        {
            RowCodec.Decode(row, _kinds, _buffer);
            if (request.Filter is not null && !request.Filter.IsTrue(_buffer, EvalContext.Empty)) return true;
            if (request.Projection is null)
            {
                Rows.Add((Value[])_buffer.Clone());
            }
            else
            {
                var projected = new Value[request.Projection.Count];
                for (int i = 0; i < projected.Length; i++) projected[i] = request.Projection[i].Evaluate(_buffer, EvalContext.Empty);
                Rows.Add(projected);
            }
            Keys?.Add(key.ToArray());
            return request.Limit <= 0 || Rows.Count < request.Limit;
        }
    }
}
