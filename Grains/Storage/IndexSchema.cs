using OrleansDb.Sql.Types;

namespace OrleansDb.Storage;

/// <summary>A column of a secondary index: the table column's ordinal and its direction.</summary>
public sealed record IndexColumn(int Ordinal, bool Descending);

/// <summary>
/// A secondary index on a table. Its entries are ordered (index values, primary key) pairs, stored in
/// index atoms exactly like rows in record atoms: the entry's key is <see cref="IndexKeyCodec"/>'s
/// encoding and its row holds the index values followed by the primary-key values.
/// </summary>
public sealed record IndexSchema(long Id, long TableId, string SchemaName, string Name, IReadOnlyList<IndexColumn> Columns, bool Unique)
{
    /// <summary>The layout of an entry's row: the index columns, then the table's primary-key columns.</summary>
    public TableSchema EntrySchema(TableSchema table)
    {
        var columns = Columns.Select(c => table.Columns[c.Ordinal] with { NotNull = false, DefaultSql = null, Hidden = false })
            .Concat(table.PrimaryKey.Select(k => table.Columns[k] with { DefaultSql = null, Hidden = false, Name = "pk." + table.Columns[k].Name }))
            .ToList();
        return new TableSchema(Id, SchemaName, Name, columns, Enumerable.Range(0, columns.Count).ToList(), table.Version);
    }

    /// <summary>An entry's row for a table row: the index values, then the primary-key values.</summary>
    public Value[] EntryRow(TableSchema table, Value[] row)
    {
        var entry = new Value[Columns.Count + table.PrimaryKey.Count];
        for (int i = 0; i < Columns.Count; i++) entry[i] = row[Columns[i].Ordinal];
        for (int i = 0; i < table.PrimaryKey.Count; i++) entry[Columns.Count + i] = row[table.PrimaryKey[i]];
        return entry;
    }
}

/// <summary>A view: a named query, kept as its SQL text and bound where it is used.</summary>
public sealed record ViewSchema(long Id, string SchemaName, string Name, string Sql, IReadOnlyList<string>? ColumnNames);

/// <summary>
/// A sequence: its bounds and step, and how many values a silo takes at a time (CACHE). Values come
/// from the sequence's originator, which records a high water in the log before handing out values
/// below it, so no value is ever handed out twice. <see cref="OwnedBy"/> is the table whose SERIAL or
/// IDENTITY column it serves (dropped with the table), or 0.
/// </summary>
public sealed record SequenceSchema(
    long Id, string SchemaName, string Name, long Start, long Increment, long MinValue, long MaxValue, long Cache, bool Cycle, long OwnedBy);
