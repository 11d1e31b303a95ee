namespace OrleansDb.Client;

/// <summary>A column of a result: its name and SQL type name (e.g. "integer", "text").</summary>
public sealed record ResultColumn(string Name, string Type);

/// <summary>
/// One statement's result. Queries have <see cref="Columns"/> and <see cref="Rows"/> (values are null,
/// bool, long, double or string); DML has <see cref="RowsAffected"/>.
/// </summary>
public sealed class ResultSet
{
    internal ResultSet(SqlResultSet wire)
    {
        Columns = wire.Columns.Select(c => new ResultColumn(c.Name, c.Type)).ToList();
        Rows = wire.Rows;
        RowsAffected = wire.RowsAffected;
    }

    public IReadOnlyList<ResultColumn> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public long RowsAffected { get; }

    /// <summary>The ordinal of a column by name (case-sensitive), or -1.</summary>
    public int Ordinal(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column) return i;
        }
        return -1;
    }

    /// <summary>The value of <paramref name="column"/> in row <paramref name="row"/>, converted to <typeparamref name="T"/>.</summary>
    public T? Get<T>(int row, string column)
    {
        int ordinal = Ordinal(column);
        if (ordinal < 0) throw new ArgumentException($"no column named '{column}'", nameof(column));
        var value = Rows[row][ordinal];
        if (value is null) return default;
        if (value is T typed) return typed;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }
}
