namespace OrleansDb.Tests;

/// <summary>Where the repository and the shared test data are, found from the test binary's location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/sqllogictest beside the repository (read-only test data; never copied in).</summary>
    public static string SqlLogicTests => Path.GetFullPath(Path.Combine(Root, "..", "shared", "sqllogictest"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansDb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("OrleansDb.sln not found above " + AppContext.BaseDirectory);
    }
}
