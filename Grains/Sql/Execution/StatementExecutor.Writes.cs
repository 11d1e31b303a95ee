using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

public static partial class StatementExecutor
{
    private const int RowIdBlock = 1024;

    private static async Task<long> InsertAsync(InsertPlan plan, ExecutionContext context)
    {
        var table = plan.Table;
        var source = Build(plan.Source);
        var reader = new TableReader(context);
        long count = 0;
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        while (await source.NextBatchAsync(context) is { } batch)
        {
            var keys = new List<byte[]>(batch.Count);
            var rows = new List<byte[]>(batch.Count);
            long nextRowId = table.HasHiddenRowId ? await context.Data.AllocateIdsAsync(batch.Count, context.CancellationToken) : 0;
            foreach (var row in batch)
            {
                if (table.HasHiddenRowId) row[^1] = Value.FromInteger(nextRowId++);
                CheckRow(table, row);
                var key = EncodeKey(table, row);
                if (!table.HasHiddenRowId && !seen.Add(key)) throw DuplicateKey(table, row);
                keys.Add(key);
                rows.Add(RowCodec.Encode(row));
            }
            if (!table.HasHiddenRowId)
            {
                var existing = await reader.ExistingKeysAsync(table, keys);
                if (existing.Count > 0)
                {
                    int at = keys.FindIndex(existing.Contains);
                    throw DuplicateKey(table, batch[at]);
                }
            }
            for (int i = 0; i < keys.Count; i++) context.Transaction.Write(table.Id, keys[i], rows[i]);
            count += batch.Count;
        }
        return count;
    }

    private static async Task<long> UpdateAsync(UpdatePlan plan, ExecutionContext context)
    {
        var table = plan.Table;
        var targets = await ReadTargetsAsync(plan.Scan, plan.Residual, context);
        var targetKeys = new HashSet<byte[]>(targets.Select(t => t.Key), ByteArrayComparer.Instance);
        var deleted = new List<byte[]>();
        var written = new List<(byte[] Key, Value[] Row)>();
        var newKeys = new HashSet<byte[]>(ByteArrayComparer.Instance);
        foreach (var (key, oldRow) in targets)
        {
            var newRow = (Value[])oldRow.Clone();
            foreach (var (ordinal, value) in plan.Assignments) newRow[ordinal] = await SubqueryEvaluator.EvaluateAsync(value, oldRow, context);
            CheckRow(table, newRow);
            var newKey = EncodeKey(table, newRow);
            if (!newKeys.Add(newKey)) throw DuplicateKey(table, newRow);
            if (!newKey.AsSpan().SequenceEqual(key)) deleted.Add(key);
            written.Add((newKey, newRow));
        }
        // A row whose primary key changes must not land on a row this statement does not itself rewrite.
        var moved = written.Where(w => !targetKeys.Contains(w.Key)).ToList();
        if (moved.Count > 0)
        {
            var existing = await new TableReader(context).ExistingKeysAsync(table, moved.Select(m => m.Key).ToList());
            var clash = moved.FirstOrDefault(m => existing.Contains(m.Key));
            if (clash.Key is not null) throw DuplicateKey(table, clash.Row);
        }
        foreach (var key in deleted)
        {
            if (!newKeys.Contains(key)) context.Transaction.Write(table.Id, key, null);
        }
        foreach (var (key, row) in written) context.Transaction.Write(table.Id, key, RowCodec.Encode(row));
        return targets.Count;
    }

    private static async Task<long> DeleteAsync(DeletePlan plan, ExecutionContext context)
    {
        var targets = await ReadTargetsAsync(plan.Scan, plan.Residual, context);
        foreach (var (key, _) in targets) context.Transaction.Write(plan.Table.Id, key, null);
        return targets.Count;
    }

    /// <summary>The full rows (with keys) an UPDATE or DELETE changes, read completely before any change.</summary>
    private static async Task<List<(byte[] Key, Value[] Row)>> ReadTargetsAsync(AtomScanPlan scan, BoundExpr? residual, ExecutionContext context)
    {
        var range = scan.Range.Evaluate(context.Eval);
        if (range is null) return [];
        var filter = scan.Filter is null ? null : ExprCodec.SubstituteParameters(scan.Filter, context.Eval);
        var rows = await new TableReader(context).ReadMergedAsync(scan.Table, range.Value.Low, range.Value.High, filter);
        if (residual is null) return rows;
        var kept = new List<(byte[] Key, Value[] Row)>(rows.Count);
        foreach (var row in rows)
        {
            if (await SubqueryEvaluator.IsTrueAsync(residual, row.Row, context)) kept.Add(row);
        }
        return kept;
    }

    private static byte[] EncodeKey(TableSchema table, Value[] row)
    {
        var values = new Value[table.PrimaryKey.Count];
        for (int i = 0; i < values.Length; i++) values[i] = row[table.PrimaryKey[i]];
        return KeyCodec.Encode(values);
    }

    /// <summary>NOT NULL (23502); type limits were checked when the values were coerced.</summary>
    private static void CheckRow(TableSchema table, Value[] row)
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

    private static SqlException DuplicateKey(TableSchema table, Value[] row)
    {
        var names = string.Join(", ", table.PrimaryKey.Select(i => table.Columns[i].Name));
        var values = string.Join(", ", table.PrimaryKey.Select(i => row[i].ToString()));
        return new SqlException(SqlState.UniqueViolation,
            $"duplicate key value violates unique constraint \"{table.Name}_pkey\": Key ({names})=({values}) already exists.");
    }

    private static async Task<StatementResult> CreateTableAsync(CreateTablePlan plan, ExecutionContext context)
    {
        var existing = context.Transaction.FindTable(plan.Table.SchemaName, plan.Table.Name);
        if (existing is not null)
        {
            if (plan.IfNotExists) return StatementResult.Command(0);
            throw new SqlException(SqlState.DuplicateTable, $"relation \"{plan.Table.Name}\" already exists");
        }
        long id = await context.Data.AllocateIdsAsync(2, context.CancellationToken);
        context.Transaction.CreateTable(plan.Table with { Id = id }, firstAtomId: id + 1);
        return StatementResult.Command(0);
    }

    private static void DropTables(DropTablePlan plan, ExecutionContext context)
    {
        foreach (var table in plan.Tables)
        {
            var current = context.Transaction.FindTable(table.SchemaName, table.Name);
            if (current is null || current.Id != table.Id)
            {
                if (plan.IfExists) continue;
                throw new SqlException(SqlState.UndefinedTable, $"table \"{table.Name}\" does not exist");
            }
            context.Transaction.DropTable(current);
        }
    }
}
