using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution;

/// <summary>What one statement returns: its columns and rows (queries) or the rows it changed (DML, DDL).</summary>
public sealed record StatementResult(IReadOnlyList<OutputColumn> Columns, IReadOnlyList<Value[]> Rows, long RowsAffected)
{
    public static StatementResult Command(long rowsAffected) => new([], [], rowsAffected);
}
