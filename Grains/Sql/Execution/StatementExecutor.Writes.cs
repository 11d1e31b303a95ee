using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

public static partial class StatementExecutor
{
    private static async Task<StatementResult> InsertAsync(InsertPlan plan, ExecutionContext context)
    {
        var table = plan.Table;
        var source = Build(plan.Source);
        var reader = new TableReader(context);
        var indexes = context.Transaction.IndexesOf(table.Id);
        var output = new DmlOutput(plan.Returning, context);
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        var conflicts = plan.OnConflict is null ? null : new OnConflictHandler(table, plan.OnConflict, indexes, context);
        while (await source.NextBatchAsync(context) is { } batch)
        {
            long nextRowId = table.HasHiddenRowId ? await context.Data.AllocateIdsAsync(batch.Count, context.CancellationToken) : 0;
            foreach (var row in batch)
            {
                if (table.HasHiddenRowId) row[^1] = Value.FromInteger(nextRowId++);
                CheckRow(table, row);
            }
            if (conflicts is not null)
            {
                foreach (var row in batch)
                {
                    if (await conflicts.InsertOrResolveAsync(row) is { } written) await output.AddAsync(written);
                }
                continue;
            }
            var keys = new List<byte[]>(batch.Count);
            foreach (var row in batch)
            {
                var key = EncodeKey(table, row);
                if (!table.HasHiddenRowId && !seen.Add(key)) throw DuplicateKey(table, $"{table.Name}_pkey", table.PrimaryKey, row);
                keys.Add(key);
            }
            if (!table.HasHiddenRowId)
            {
                var existing = await reader.ExistingKeysAsync(table, keys);
                if (existing.Count > 0)
                {
                    int at = keys.FindIndex(existing.Contains);
                    throw DuplicateKey(table, $"{table.Name}_pkey", table.PrimaryKey, batch[at]);
                }
            }
            for (int i = 0; i < keys.Count; i++) context.Transaction.Write(table.Id, keys[i], RowCodec.Encode(batch[i]));
            await WriteIndexEntriesAsync(table, indexes, [], batch, context);
            foreach (var row in batch) await output.AddAsync(row);
        }
        return output.Result();
    }

    private static async Task<StatementResult> UpdateAsync(UpdatePlan plan, ExecutionContext context)
    {
        var table = plan.Table;
        var targets = await ReadTargetsAsync(plan.Scan, plan.Residual, plan.From, context);
        var targetKeys = new HashSet<byte[]>(targets.Select(t => t.Key), ByteArrayComparer.Instance);
        var deleted = new List<byte[]>();
        var written = new List<(byte[] Key, Value[] Row)>();
        var newKeys = new HashSet<byte[]>(ByteArrayComparer.Instance);
        var output = new DmlOutput(plan.Returning, context);
        foreach (var (key, oldRow, combined) in targets)
        {
            var newRow = (Value[])oldRow.Clone();
            foreach (var (ordinal, value) in plan.Assignments) newRow[ordinal] = await SubqueryEvaluator.EvaluateAsync(value, combined, context);
            CheckRow(table, newRow);
            var newKey = EncodeKey(table, newRow);
            if (!newKeys.Add(newKey)) throw DuplicateKey(table, $"{table.Name}_pkey", table.PrimaryKey, newRow);
            if (!newKey.AsSpan().SequenceEqual(key)) deleted.Add(key);
            written.Add((newKey, newRow));
            await output.AddAsync(combined.Length == newRow.Length ? newRow : [.. newRow, .. combined.AsSpan(newRow.Length)]);
        }
        // A row whose primary key changes must not land on a row this statement does not itself rewrite.
        var moved = written.Where(w => !targetKeys.Contains(w.Key)).ToList();
        if (moved.Count > 0)
        {
            var existing = await new TableReader(context).ExistingKeysAsync(table, moved.Select(m => m.Key).ToList());
            var clash = moved.FirstOrDefault(m => existing.Contains(m.Key));
            if (clash.Key is not null) throw DuplicateKey(table, $"{table.Name}_pkey", table.PrimaryKey, clash.Row);
        }
        foreach (var key in deleted)
        {
            if (!newKeys.Contains(key)) context.Transaction.Write(table.Id, key, null);
        }
        foreach (var (key, row) in written) context.Transaction.Write(table.Id, key, RowCodec.Encode(row));
        await WriteIndexEntriesAsync(table, context.Transaction.IndexesOf(table.Id), targets.Select(t => t.Row).ToList(), written.Select(w => w.Row).ToList(), context);
        return output.Result(targets.Count);
    }

    private static async Task<StatementResult> DeleteAsync(DeletePlan plan, ExecutionContext context)
    {
        var targets = await ReadTargetsAsync(plan.Scan, plan.Residual, plan.Using, context);
        var output = new DmlOutput(plan.Returning, context);
        foreach (var (key, _, combined) in targets)
        {
            context.Transaction.Write(plan.Table.Id, key, null);
            await output.AddAsync(combined);
        }
        await WriteIndexEntriesAsync(plan.Table, context.Transaction.IndexesOf(plan.Table.Id), targets.Select(t => t.Row).ToList(), [], context);
        return output.Result(targets.Count);
    }

    /// <summary>
    /// Keeps every index in step with a change of rows: the entries of <paramref name="oldRows"/> that
    /// change are removed, those of <paramref name="newRows"/> written. A unique index rejects a new
    /// entry whose values (none NULL) another visible entry already has (23505), and records those values
    /// as a conflict key, so of two concurrent transactions inserting them only one commits.
    /// </summary>
    internal static async Task WriteIndexEntriesAsync(TableSchema table, IReadOnlyList<IndexSchema> indexes, IReadOnlyList<Value[]> oldRows, IReadOnlyList<Value[]> newRows, ExecutionContext context)
    {
        foreach (var index in indexes)
        {
            var oldKeys = new HashSet<byte[]>(oldRows.Select(r => IndexKeyCodec.EncodeEntry(index, table, r)), ByteArrayComparer.Instance);
            var newEntries = newRows.Select(r => (Key: IndexKeyCodec.EncodeEntry(index, table, r), Row: r)).ToList();
            var newKeys = new HashSet<byte[]>(newEntries.Select(e => e.Key), ByteArrayComparer.Instance);
            foreach (var key in oldKeys)
            {
                if (!newKeys.Contains(key)) context.Transaction.Write(index.Id, key, null);
            }
            var added = newEntries.Where(e => !oldKeys.Contains(e.Key)).ToList();
            if (index.Unique) await CheckUniqueAsync(table, index, added, context);
            foreach (var (key, row) in added) context.Transaction.Write(index.Id, key, RowCodec.Encode(index.EntryRow(table, row)));
        }
    }

    private static async Task CheckUniqueAsync(TableSchema table, IndexSchema index, List<(byte[] Key, Value[] Row)> added, ExecutionContext context)
    {
        var entrySchema = index.EntrySchema(table);
        var reader = new TableReader(context);
        var prefixes = new HashSet<byte[]>(ByteArrayComparer.Instance);
        foreach (var (key, row) in added)
        {
            var values = index.Columns.Select(c => row[c.Ordinal]).ToArray();
            if (values.Any(v => v.IsNull)) continue; // NULLs are never equal to each other
            var prefix = IndexKeyCodec.EncodeValues(index, values);
            if (!prefixes.Add(prefix)) throw DuplicateKey(table, index.Name, index.Columns.Select(c => c.Ordinal).ToList(), row);
            context.Transaction.AddConflictKey(Transaction.RowConflictKey(index.Id, prefix));
            var existing = await reader.ReadMergedAsync(entrySchema, prefix, KeyCodec.PrefixEnd(prefix), null);
            if (existing.Any(e => !e.Key.AsSpan().SequenceEqual(key)))
            {
                throw DuplicateKey(table, index.Name, index.Columns.Select(c => c.Ordinal).ToList(), row);
            }
        }
    }

    /// <summary>
    /// The full rows (with keys) an UPDATE or DELETE changes, read completely before any change. With
    /// FROM / USING, each row is joined with the first FROM row the residual condition accepts (a row
    /// no FROM row accepts is left alone); the combined row is what assignments and RETURNING read.
    /// </summary>
    private static async Task<List<(byte[] Key, Value[] Row, Value[] Combined)>> ReadTargetsAsync(AtomScanPlan scan, BoundExpr? residual, PlanNode? from, ExecutionContext context)
    {
        var range = scan.Range.Evaluate(context.Eval);
        if (range is null) return [];
        var filter = scan.Filter is null ? null : ExprCodec.SubstituteParameters(scan.Filter, context.Eval);
        var rows = await new TableReader(context).ReadMergedAsync(scan.Table, range.Value.Low, range.Value.High, filter);
        if (context.Transaction.RecheckTargets is { } recheck) rows = rows.Where(r => recheck.Contains(r.Key)).ToList();
        var fromRows = from is null ? null : await Build(from).DrainAsync(context);
        var kept = new List<(byte[], Value[], Value[])>(rows.Count);
        foreach (var (key, row) in rows)
        {
            if (fromRows is null)
            {
                if (residual is null || await SubqueryEvaluator.IsTrueAsync(residual, row, context)) kept.Add((key, row, row));
                continue;
            }
            foreach (var fromRow in fromRows)
            {
                Value[] combined = [.. row, .. fromRow];
                if (residual is not null && !await SubqueryEvaluator.IsTrueAsync(residual, combined, context)) continue;
                kept.Add((key, row, combined));
                break;
            }
        }
        context.Transaction.StatementTargets = new HashSet<byte[]>(kept.Select(k => k.Item1), ByteArrayComparer.Instance);
        return kept;
    }

    internal static byte[] EncodeKey(TableSchema table, Value[] row)
    {
        var values = new Value[table.PrimaryKey.Count];
        for (int i = 0; i < values.Length; i++) values[i] = row[table.PrimaryKey[i]];
        return KeyCodec.Encode(values);
    }

    /// <summary>NOT NULL (23502); type limits were checked when the values were coerced.</summary>
    internal static void CheckRow(TableSchema table, Value[] row)
    {
        for (int i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            if (column.NotNull && row[i].IsNull)
            {
                throw new SqlException(SqlState.NotNullViolation,
                    $"null value in column \"{column.Name}\" of relation \"{table.Name}\" violates not-null constraint");
            }
        }
    }

    internal static SqlException DuplicateKey(TableSchema table, string constraint, IReadOnlyList<int> columns, Value[] row)
    {
        var names = string.Join(", ", columns.Select(i => table.Columns[i].Name));
        var values = string.Join(", ", columns.Select(i => row[i].ToString()));
        return new SqlException(SqlState.UniqueViolation,
            $"duplicate key value violates unique constraint \"{constraint}\": Key ({names})=({values}) already exists.");
    }
}
