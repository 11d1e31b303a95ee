using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// INSERT ... ON CONFLICT, one proposed row at a time (so later rows see earlier ones): a row that
/// collides with a visible row on the conflict target (the primary key, a unique index, or — without a
/// target — any of them) is skipped (DO NOTHING) or turns into an update of the existing row (DO
/// UPDATE, reading the existing row and EXCLUDED). Other unique violations still fail with 23505; a
/// statement that would update one row twice fails with 21000, as in PostgreSQL.
/// </summary>
internal sealed class OnConflictHandler(TableSchema table, BoundOnConflict clause, IReadOnlyList<IndexSchema> indexes, ExecutionContext context)
{
    private readonly HashSet<byte[]> _touched = new(ByteArrayComparer.Instance);
    private readonly TableReader _reader = new(context);

    /// <summary>The row written (inserted, or the updated existing row), or null when nothing was written.</summary>
    public async Task<Value[]?> InsertOrResolveAsync(Value[] row)
    {
        var existing = await FindConflictAsync(row);
        if (existing is null)
        {
            var key = StatementExecutor.EncodeKey(table, row);
            if (!table.HasHiddenRowId && (await _reader.ExistingKeysAsync(table, [key])).Count > 0)
            {
                throw StatementExecutor.DuplicateKey(table, $"{table.Name}_pkey", table.PrimaryKey, row);
            }
            context.Transaction.Write(table.Id, key, RowCodec.Encode(row));
            await StatementExecutor.WriteIndexEntriesAsync(table, indexes, [], [row], context);
            _touched.Add(key);
            return row;
        }
        if (clause.Updates is null) return null;
        var (oldKey, oldRow) = existing.Value;
        if (_touched.Contains(oldKey))
        {
            throw new SqlException(SqlState.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time");
        }
        Value[] combined = [.. oldRow, .. row];
        if (clause.Where is not null && !await SubqueryEvaluator.IsTrueAsync(clause.Where, combined, context)) return null;
        var newRow = (Value[])oldRow.Clone();
        foreach (var (ordinal, value) in clause.Updates) newRow[ordinal] = await SubqueryEvaluator.EvaluateAsync(value, combined, context);
        StatementExecutor.CheckRow(table, newRow);
        var newKey = StatementExecutor.EncodeKey(table, newRow);
        if (!newKey.AsSpan().SequenceEqual(oldKey))
        {
            if ((await _reader.ExistingKeysAsync(table, [newKey])).Count > 0)
            {
                throw StatementExecutor.DuplicateKey(table, $"{table.Name}_pkey", table.PrimaryKey, newRow);
            }
            context.Transaction.Write(table.Id, oldKey, null);
        }
        context.Transaction.Write(table.Id, newKey, RowCodec.Encode(newRow));
        await StatementExecutor.WriteIndexEntriesAsync(table, indexes, [oldRow], [newRow], context);
        _touched.Add(newKey);
        return newRow;
    }

    private async Task<(byte[] Key, Value[] Row)?> FindConflictAsync(Value[] row)
    {
        bool checkPrimaryKey = clause.OnPrimaryKey || (clause.Index is null && !table.HasHiddenRowId);
        if (checkPrimaryKey)
        {
            var key = StatementExecutor.EncodeKey(table, row);
            var found = await _reader.GetRowsAsync(table, [key]);
            if (found.TryGetValue(key, out var existing)) return (key, existing);
        }
        var uniques = clause.Index is not null ? [clause.Index] : clause.OnPrimaryKey ? [] : indexes.Where(i => i.Unique);
        foreach (var index in uniques)
        {
            var values = index.Columns.Select(c => row[c.Ordinal]).ToArray();
            if (values.Any(v => v.IsNull)) continue;
            var prefix = IndexKeyCodec.EncodeValues(index, values);
            var entries = await _reader.ReadMergedAsync(index.EntrySchema(table), prefix, KeyCodec.PrefixEnd(prefix), null);
            if (entries.Count == 0) continue;
            var key = KeyCodec.Encode(entries[0].Row.AsSpan(index.Columns.Count));
            var found = await _reader.GetRowsAsync(table, [key]);
            if (found.TryGetValue(key, out var existing)) return (key, existing);
        }
        return null;
    }
}
