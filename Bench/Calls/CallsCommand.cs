using System.CommandLine;

namespace OrleansDb.Bench.Calls;

/// <summary>The <c>calls</c> subcommand: its options and the run they start.</summary>
public static class CallsCommand
{
    public static Command Create()
    {
        var silos = new Option<int>("--silos") { Description = "Silos in the in-process cluster", DefaultValueFactory = _ => 3 };
        var rows = new Option<long>("--rows") { Description = "Rows of kv", DefaultValueFactory = _ => 20_000 };
        var operations = new Option<int>("--ops") { Description = "Measured operations per workload", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup-ops") { Description = "Operations per workload before counting", DefaultValueFactory = _ => 200 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Concurrent sessions running the operations", DefaultValueFactory = _ => 1 };
        var workloads = new Option<string[]>("--workloads")
        {
            Description = "Workloads to count",
            DefaultValueFactory = _ => ["W1", "W2", "W3"],
            AllowMultipleArgumentsPerToken = true,
        };
        workloads.AcceptOnlyFromAmong("W1", "W2", "W3");
        var idle = new Option<double>("--idle") { Description = "Seconds the cluster idles after the workloads, to count the calls it makes on its own", DefaultValueFactory = _ => 3 };
        var isolation = IsolationOption.Create();
        var output = new Option<string>("--out") { Description = "Directory for the JSON result file", DefaultValueFactory = _ => "bench-results" };

        var command = new Command("calls", "Grain calls per W1/W2/W3 operation on an in-process OrleansDb cluster, counted by grain call filters: " +
            "from the client, local, and cross-silo (the caller's silo differs from the callee's).")
        {
            silos, rows, operations, warmup, concurrency, workloads, idle, isolation, output,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var settings = new CallsSettings(
                result.GetValue(silos), result.GetValue(rows), result.GetValue(operations), result.GetValue(warmup), result.GetValue(concurrency),
                result.GetValue(workloads)!, TimeSpan.FromSeconds(result.GetValue(idle)), IsolationOption.Parse(result.GetValue(isolation)), Seed: 1, result.GetValue(output)!);
            var errors = Validate(settings);
            foreach (var error in errors) Console.Error.WriteLine($"error: {error}");
            return errors.Count > 0 ? Task.FromResult(2) : CallCostRun.RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static List<string> Validate(CallsSettings settings)
    {
        var errors = new List<string>();
        if (settings.Silos is < 1 or > 16) errors.Add("--silos must be between 1 and 16");
        if (settings.Rows < 100) errors.Add("--rows must be at least 100");
        if (settings.Operations < 1) errors.Add("--ops must be at least 1");
        if (settings.WarmupOperations < 0) errors.Add("--warmup-ops must not be negative");
        if (settings.Concurrency < 1) errors.Add("--concurrency must be at least 1");
        if (settings.Idle <= TimeSpan.Zero) errors.Add("--idle must be positive");
        return errors;
    }
}
