using OrleansDb.Sql.Types;

namespace OrleansDb.Storage;

/// <summary>
/// A column of a table. <see cref="DefaultSql"/> is the DEFAULT expression's SQL text;
/// <see cref="AlwaysGenerated"/> marks a GENERATED ALWAYS AS IDENTITY column (INSERT may not give it a value).
/// </summary>
public sealed record ColumnSchema(string Name, SqlType Type, bool NotNull, string? DefaultSql, bool Hidden = false, bool AlwaysGenerated = false);

/// <summary>
/// A table's definition as the catalog holds it. Rows are ordered by <see cref="PrimaryKey"/> (column
/// ordinals); a table declared without one gets a hidden BIGINT row id as its last column and key.
/// </summary>
public sealed record TableSchema(
    long Id,
    string SchemaName,
    string Name,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<int> PrimaryKey,
    long Version)
{
    /// <summary>The storage kind of each column, in ordinal order (what <see cref="RowCodec"/> needs).</summary>
    public ValueKind[] ColumnKinds { get; private init; } = KindsOf(Columns);

    /// <summary>The columns in ordinal order; setting them (also through <c>with</c>) recomputes <see cref="ColumnKinds"/>.</summary>
    public IReadOnlyList<ColumnSchema> Columns
    {
        get;
        init
        {
            field = value;
            ColumnKinds = KindsOf(value);
        }
    } = Columns;

    private static ValueKind[] KindsOf(IReadOnlyList<ColumnSchema> columns) => [.. columns.Select(c => c.Type.ValueKind)];

    public string QualifiedName => $"{SchemaName}.{Name}";

    public int FindColumn(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (!Columns[i].Hidden && Columns[i].Name == name) return i;
        }
        return -1;
    }

    public bool HasHiddenRowId => Columns.Count > 0 && Columns[^1].Hidden;
}
