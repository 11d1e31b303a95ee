using System.Diagnostics;

namespace OrleansDb.Tests.Processes;

/// <summary>The built silo program, <c>Silo/bin/&lt;Configuration&gt;/net10.0/OrleansDb.Silo.dll</c>, in the configuration the tests were built in.</summary>
public static class SiloBinary
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    /// <summary>The silo's path, building the Silo project first if its output is missing.</summary>
    public static async Task<string> LocateAsync()
    {
        string configuration = TestConfiguration();
        string dll = Path.Combine(RepositoryPaths.Root, "Silo", "bin", configuration, "net10.0", "OrleansDb.Silo.dll");
        if (File.Exists(dll)) return dll;
        await BuildLock.WaitAsync();
        try
        {
            if (!File.Exists(dll)) await BuildAsync(configuration);
        }
        finally
        {
            BuildLock.Release();
        }
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"building the silo did not produce {dll}");
    }

    /// <summary>The configuration name in the test binary's own path (…/bin/&lt;Configuration&gt;/net10.0/).</summary>
    private static string TestConfiguration()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return framework.Parent is { Parent.Name: "bin" } configuration ? configuration.Name : "Debug";
    }

    private static async Task BuildAsync(string configuration)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", "Silo", "-c", configuration, "--nologo" }) start.ArgumentList.Add(arg);
        using var build = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build");
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0) throw new InvalidOperationException($"dotnet build Silo failed:\n{await output}\n{await error}");
    }
}
