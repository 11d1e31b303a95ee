namespace OrleansDb.Tests.Sql;

/// <summary>Builders for expected results, so that a test reads like the table it expects.</summary>
internal static class Rows
{
    public static object?[] Row(params object?[] values) => values;

    public static List<object?> Column(IReadOnlyList<object?[]> rows, int index = 0) => rows.Select(r => r[index]).ToList();
}
