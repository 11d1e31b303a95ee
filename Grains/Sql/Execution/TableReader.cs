using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Reads a table as a transaction sees it: committed rows at the read version, from the atoms that
/// cover the range (following right siblings across splits, so each row is read exactly once), with
/// the transaction's own writes laid over them.
/// </summary>
public sealed class TableReader(ExecutionContext context)
{
    /// <summary>
    /// Committed rows of [low, high) that pass <paramref name="filter"/>, page by page, as
    /// <paramref name="projection"/> (null: full rows). The transaction's own writes are not included.
    /// </summary>
    public async IAsyncEnumerable<AtomScanResult> ScanCommittedAsync(
        TableSchema table, byte[] low, byte[]? high, BoundExpr? filter, IReadOnlyList<BoundExpr>? projection, long limit, bool includeKeys)
    {
        var atoms = context.Transaction.CommittedAtoms(table.Id);
        if (atoms is null) yield break;
        context.Transaction.RecordRead(table.Id, low, high);
        byte[]? cursor = low;
        long? nextAtom = null;
        long returned = 0;
        long waitVersion = context.Transaction.WaitVersion;
        while (cursor is not null)
        {
            long atomId = nextAtom ?? atoms.Find(cursor);
            int cap = limit > 0 ? (int)Math.Min(int.MaxValue, limit - returned) : 0;
            var request = new AtomScanRequest(table.Id, cursor, high, null, context.Transaction.ReadVersion, waitVersion,
                filter, projection, cap, includeKeys) { RowKinds = context.Transaction.CommittedRowKinds(table.Id) };
            var result = await context.Data.ScanAsync(atomId, table, request, context.CancellationToken);
            returned += result.Rows.Count;
            yield return result;
            if (limit > 0 && returned >= limit) yield break;
            cursor = result.ContinueAt;
            nextAtom = result.ContinueAtom;
            // The next atom may exist only from the version the answering engine had applied.
            waitVersion = Math.Max(waitVersion, result.ObservedVersion);
        }
    }

    /// <summary>
    /// Every visible row of [low, high) passing <paramref name="filter"/> with its key, in key order,
    /// committed rows merged with this transaction's writes (its writes win; its deletes hide rows).
    /// </summary>
    public async Task<List<(byte[] Key, Value[] Row)>> ReadMergedAsync(TableSchema table, byte[] low, byte[]? high, BoundExpr? filter)
    {
        var own = context.Transaction.WritesTo(table.Id);
        var committed = new List<(byte[] Key, Value[] Row)>();
        await foreach (var page in ScanCommittedAsync(table, low, high, filter, null, 0, includeKeys: true))
        {
            for (int i = 0; i < page.Rows.Count; i++)
            {
                if (own is null || !own.ContainsKey(page.Keys![i])) committed.Add((page.Keys![i], page.Rows[i]));
            }
        }
        if (own is null) return committed;
        var mine = new List<(byte[] Key, Value[] Row)>();
        foreach (var (key, bytes) in own)
        {
            if (bytes is null || key.AsSpan().SequenceCompareTo(low) < 0 || (high is not null && key.AsSpan().SequenceCompareTo(high) >= 0)) continue;
            var row = RowCodec.Decode(bytes, table.ColumnKinds);
            if (filter is null || filter.IsTrue(row, EvalContext.Empty)) mine.Add((key, row));
        }
        if (mine.Count == 0) return committed;
        var merged = new List<(byte[] Key, Value[] Row)>(committed.Count + mine.Count);
        int a = 0, b = 0;
        while (a < committed.Count || b < mine.Count)
        {
            if (b >= mine.Count || (a < committed.Count && committed[a].Key.AsSpan().SequenceCompareTo(mine[b].Key) < 0)) merged.Add(committed[a++]);
            else merged.Add(mine[b++]);
        }
        return merged;
    }

    /// <summary>
    /// Where keys an atom no longer covers (it split after the transaction's catalog) are now: by the atom map
    /// as of the version the atom's engine had applied, which includes the split — one more call even when
    /// the atom split many times since — else by the atom's right sibling, one atom further.
    /// </summary>
    private async Task<List<(long Atom, List<byte[]> Keys)>> RouteMovedKeysAsync(
        long keySpace, long askedAtom, List<byte[]> keys, AtomScanResult result, AtomMap snapshotAtoms)
    {
        await context.Data.WaitForVersionAsync(result.ObservedVersion, context.CancellationToken);
        if (context.Data.CatalogAt(result.ObservedVersion)?.FindKeySpace(keySpace)?.Atoms is { } current)
        {
            var routed = GroupByAtom(keys, current);
            if (routed.All(r => r.Atom != askedAtom)) return routed;
        }
        if (result.ContinueAtom is long right) return [(right, keys)];
        return GroupByAtom(keys, snapshotAtoms);
    }

    private static List<(long Atom, List<byte[]> Keys)> GroupByAtom(IEnumerable<byte[]> keys, AtomMap atoms) =>
        [.. keys.GroupBy(k => atoms.Find(k)).Select(g => (g.Key, g.ToList()))];

    /// <summary>Which of <paramref name="keys"/> hold a visible row, as this transaction sees them.</summary>
    public async Task<HashSet<byte[]>> ExistingKeysAsync(TableSchema table, IReadOnlyList<byte[]> keys)
    {
        var rows = await GetRowsAsync(table, keys, fullRows: false);
        return new HashSet<byte[]>(rows.Keys, ByteArrayComparer.Instance);
    }

    /// <summary>
    /// The visible rows of the given keys (absent keys are left out), committed rows merged with this
    /// transaction's writes; one call per atom that holds any of them. Without <paramref name="fullRows"/>
    /// the rows are empty (an existence check).
    /// </summary>
    public Task<Dictionary<byte[], Value[]>> GetRowsAsync(TableSchema table, IReadOnlyList<byte[]> keys, bool fullRows = true) =>
        GetRowsAsync(table, keys, null, fullRows ? null : []);

    /// <summary>
    /// Like <see cref="GetRowsAsync(TableSchema, IReadOnlyList{byte[]}, bool)"/>, with a filter and projection
    /// that run in the atoms for committed rows (and here for the transaction's own rows).
    /// </summary>
    public async Task<Dictionary<byte[], Value[]>> GetRowsAsync(TableSchema table, IReadOnlyList<byte[]> keys, BoundExpr? filter, IReadOnlyList<BoundExpr>? projection)
    {
        var found = new Dictionary<byte[], Value[]>(ByteArrayComparer.Instance);
        var own = context.Transaction.WritesTo(table.Id);
        var toRead = new List<byte[]>();
        foreach (var key in keys)
        {
            if (own is not null && own.TryGetValue(key, out var row))
            {
                if (row is null) continue;
                var decoded = RowCodec.Decode(row, table.ColumnKinds);
                if (filter is not null && !filter.IsTrue(decoded, context.Eval)) continue;
                found[key] = projection is null ? decoded : projection.Select(p => p.Evaluate(decoded, context.Eval)).ToArray();
            }
            else
            {
                toRead.Add(key);
            }
        }
        var atoms = context.Transaction.CommittedAtoms(table.Id);
        if (atoms is null || toRead.Count == 0) return found;
        foreach (var key in toRead) context.Transaction.RecordRead(table.Id, key, KeyCodec.PrefixEnd(key));
        var pending = GroupByAtom(toRead, atoms);
        long waitVersion = context.Transaction.WaitVersion;
        for (int round = 0; pending.Count > 0; round++)
        {
            if (round > 64) throw new InvalidOperationException("keys kept moving between atoms");
            var next = new List<(long Atom, List<byte[]> Keys)>();
            var tasks = pending.Select(p => context.Data.ScanAsync(p.Atom, table,
                new AtomScanRequest(table.Id, [], null, p.Keys, context.Transaction.ReadVersion, waitVersion,
                    filter, projection, 0, IncludeKeys: true) { RowKinds = context.Transaction.CommittedRowKinds(table.Id) }, context.CancellationToken)).ToList();
            var results = await Task.WhenAll(tasks);
            for (int r = 0; r < results.Length; r++)
            {
                var result = results[r];
                waitVersion = Math.Max(waitVersion, result.ObservedVersion);
                for (int i = 0; i < result.Keys!.Count; i++) found[result.Keys[i]] = result.Rows[i];
                if (result.UnresolvedKeys is { Count: > 0 } unresolved)
                {
                    next.AddRange(await RouteMovedKeysAsync(table.Id, pending[r].Atom, unresolved, result, atoms));
                }
            }
            pending = next;
        }
        return found;
    }
}
