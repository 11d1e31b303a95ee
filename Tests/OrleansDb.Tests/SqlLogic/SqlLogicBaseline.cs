namespace OrleansDb.Tests.SqlLogic;

/// <summary>The minimum number of passing records per sqllogictest file (sqllogictest-baseline.txt).</summary>
public static class SqlLogicBaseline
{
    private static readonly Dictionary<string, int> Minimums = Load();

    public static int For(string file) => Minimums.GetValueOrDefault(file);

    private static Dictionary<string, int> Load()
    {
        var path = Path.Combine(RepositoryPaths.Root, "Tests", "OrleansDb.Tests", "SqlLogic", "sqllogictest-baseline.txt");
        var minimums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            minimums[parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return minimums;
    }
}

/// <summary>Collects each file's counts into TestResults/sqllogictest-summary.txt for CI to print.</summary>
public static class SqlLogicSummary
{
    private static readonly object Lock = new();

    public static void Record(string file, OrleansDb.SqlLogicTest.SqlLogicFileResult result)
    {
        var path = Path.Combine(RepositoryPaths.Root, "TestResults", "sqllogictest-summary.txt");
        lock (Lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.StartsWith(file + ":", StringComparison.Ordinal)).ToList() : [];
            lines.Add($"{file}: {result.Passed} passed, {result.Failed} failed, {result.Skipped} skipped ({result.Elapsed.TotalSeconds:0.0} s)");
            lines.Sort(StringComparer.Ordinal);
            File.WriteAllLines(path, lines);
        }
    }
}
