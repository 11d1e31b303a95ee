namespace OrleansDb.SqlLogicTest;

/// <summary>A parsed sqllogictest file: its path and its records in file order.</summary>
public sealed class SqlLogicFile
{
    public SqlLogicFile(string path, IReadOnlyList<SqlLogicRecord> records)
    {
        Path = path;
        Records = records;
    }

    public string Path { get; }

    public IReadOnlyList<SqlLogicRecord> Records { get; }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static async Task<SqlLogicFile> LoadAsync(string path, CancellationToken ct = default)
    {
        var text = await File.ReadAllTextAsync(path, ct);
        return Parse(text, path);
    }

    /// <summary>Parses the text of a test file.</summary>
    public static SqlLogicFile Parse(string text, string path = "<text>") =>
        new(path, SqlLogicParser.Parse(text));
}
