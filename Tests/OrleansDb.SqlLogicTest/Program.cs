using System.Diagnostics;
using System.Globalization;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Command-line sqllogictest runner:
/// <c>[--backend sqlite|orleansdb] [--max-failures N] [--timeout S] [--verbose] &lt;file-or-directory&gt;...</c>.
/// Exit code 0 when nothing failed, 1 otherwise.
/// </summary>
public static class Program
{
    private const int FailuresShownPerFile = 3;

    public static async Task<int> Main(string[] args)
    {
        var commandLine = SqlLogicCommandLine.Parse(args, out var error);
        if (commandLine is null)
        {
            await Console.Error.WriteLineAsync($"error: {error}\n{SqlLogicCommandLine.Usage}");
            return 1;
        }

        if (commandLine.Help)
        {
            Console.WriteLine(SqlLogicCommandLine.Usage);
            Console.WriteLine($"  backends: {string.Join(", ", SqlLogicBackends.Names)} (default {SqlLogicBackends.DefaultName})");
            return 0;
        }

        var backend = commandLine.Backend ?? SqlLogicBackends.DefaultName;
        if (!SqlLogicBackends.TryCreate(backend, out var factory))
        {
            await Console.Error.WriteLineAsync(SqlLogicBackends.IsPlanned(backend)
                ? $"error: backend '{backend}' is not available yet; available: {string.Join(", ", SqlLogicBackends.Names)}"
                : $"error: unknown backend '{backend}'; available: {string.Join(", ", SqlLogicBackends.Names)}");
            return 1;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return await RunAsync(commandLine, factory, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 1;
        }
        finally
        {
            switch (factory)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static async Task<int> RunAsync(SqlLogicCommandLine commandLine, ISqlLogicDatabaseFactory factory, CancellationToken ct)
    {
        var options = new SqlLogicRunnerOptions { MaxFailuresPerFile = commandLine.MaxFailures };
        if (commandLine.Timeout is { } timeout)
        {
            options = options with { RecordTimeout = timeout };
        }

        var runner = new SqlLogicRunner(factory, options);
        var files = SqlLogicCommandLine.ExpandPaths(commandLine.Paths);
        var stopwatch = Stopwatch.StartNew();
        int passed = 0, failed = 0, skipped = 0;
        foreach (var path in files)
        {
            SqlLogicFileResult result;
            try
            {
                result = await runner.RunFileAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.WriteLine($"{path}: cannot read: {ex.Message}");
                failed++;
                continue;
            }

            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
            Console.WriteLine(result);
            PrintFailures(result, commandLine.Verbose);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Count} files, {skipped} skipped, {stopwatch.Elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static void PrintFailures(SqlLogicFileResult result, bool verbose)
    {
        var shown = verbose ? result.Failures.Count : Math.Min(FailuresShownPerFile, result.Failures.Count);
        for (var i = 0; i < shown; i++)
        {
            Console.WriteLine("  FAIL " + result.Failures[i].ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        if (shown < result.Failures.Count)
        {
            Console.WriteLine($"  … {result.Failures.Count - shown} more failures (use --verbose to see all)");
        }
    }
}
