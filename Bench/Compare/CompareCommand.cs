using System.CommandLine;
using OrleansDb.Bench.Targets;
using OrleansDb.Bench.Workloads;

namespace OrleansDb.Bench.Compare;

/// <summary>The <c>compare</c> subcommand: its options, their defaults, and the run they start.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var targets = ListOption("--targets", "Targets, in the order round 1 runs them", TargetCatalog.Names);
        var workloads = ListOption("--workloads", "Workloads to run", WorkloadCatalog.Ids);
        var concurrency = new Option<int[]>("--concurrency", "-c")
        {
            Description = "Concurrent workers (each with its own connection), one cell per level",
            DefaultValueFactory = _ => [1, 8, 32],
            AllowMultipleArgumentsPerToken = true,
        };
        var warmup = new Option<double>("--warmup") { Description = "Warm-up seconds per cell, not measured", DefaultValueFactory = _ => 3 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds per cell", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each runs every cell on every target", DefaultValueFactory = _ => 3 };
        var rows = new Option<long>("--rows") { Description = "Rows of kv (and of orders; customers get a tenth), and rows W4 loads", DefaultValueFactory = _ => 100_000 };
        var batch = new Option<int>("--batch") { Description = "Rows per INSERT when loading (W4 and the data set)", DefaultValueFactory = _ => 1000 };
        var isolation = IsolationOption.Create();
        var seed = new Option<int>("--seed") { Description = "Seed of the workers' key generators", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Directory for the JSON and CSV result files", DefaultValueFactory = _ => "bench-results" };
        var httpUrl = new Option<string>("--http-url") { Description = "OrleansDb's HTTP gateway", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var gateway = new Option<string>("--gateway") { Description = "OrleansDb's Orleans gateway, HOST:PORT, for the .NET client", DefaultValueFactory = _ => "127.0.0.1:30000" };
        var clusterId = new Option<string>("--cluster-id") { Description = "OrleansDb's Orleans cluster id", DefaultValueFactory = _ => "dev" };
        var serviceId = new Option<string>("--service-id") { Description = "OrleansDb's Orleans service id", DefaultValueFactory = _ => "orleansdb" };
        var postgres = new Option<string>("--pg") { Description = "Npgsql connection string of the PostgreSQL to compare with", DefaultValueFactory = _ => "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres" };
        var autoPrepare = new Option<bool>("--pg-auto-prepare") { Description = "Let Npgsql prepare repeated statements on the server (true or false; default true)", DefaultValueFactory = _ => true };
        var sqliteDir = new Option<string?>("--sqlite-dir") { Description = "Directory for the SQLite files (default: a temporary one, removed afterwards)" };

        var command = new Command("compare", "Side-by-side load test of OrleansDb (HTTP and .NET client), PostgreSQL and SQLite: every workload at every " +
            "concurrency on every target, targets interleaved per round; prints rates, latencies, errors and the ratios OrleansDb/PostgreSQL.")
        {
            targets, workloads, concurrency, warmup, duration, rounds, rows, batch, isolation, seed, output,
            httpUrl, gateway, clusterId, serviceId, postgres, autoPrepare, sqliteDir,
        };
        command.SetAction((result, cancellationToken) => RunAsync(new CompareSettings
        {
            Targets = result.GetValue(targets)!,
            Workloads = result.GetValue(workloads)!,
            Concurrency = result.GetValue(concurrency)!,
            Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
            Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
            Rounds = result.GetValue(rounds),
            Rows = result.GetValue(rows),
            BatchRows = result.GetValue(batch),
            Isolation = IsolationOption.Parse(result.GetValue(isolation)),
            Seed = result.GetValue(seed),
            OutputDirectory = result.GetValue(output)!,
            HttpUrl = result.GetValue(httpUrl)!,
            Gateway = result.GetValue(gateway)!,
            ClusterId = result.GetValue(clusterId)!,
            ServiceId = result.GetValue(serviceId)!,
            PostgresConnection = result.GetValue(postgres)!,
            PostgresAutoPrepare = result.GetValue(autoPrepare),
            SqliteDirectory = result.GetValue(sqliteDir),
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CompareSettings settings, CancellationToken cancellationToken)
    {
        var errors = settings.Validate();
        foreach (var error in errors) Console.Error.WriteLine($"error: {error}");
        if (errors.Count > 0) return 2;
        string sqliteDirectory = settings.SqliteDirectory ?? Directory.CreateTempSubdirectory("orleansdb-bench-sqlite-").FullName;
        var data = new Dataset(settings.Rows, settings.BatchRows);
        var workloads = WorkloadCatalog.Create(data, settings.Isolation).Where(w => settings.Workloads.Contains(w.Id)).ToList();
        var targets = settings.Targets.Distinct().Select(name => TargetCatalog.Create(name, settings, sqliteDirectory)).ToList();
        var startedAt = DateTimeOffset.Now;
        Console.WriteLine($"compare: {string.Join(", ", workloads.Select(w => w.Id))} at c={string.Join(",", settings.Concurrency)}, " +
            $"{settings.Warmup.TotalSeconds:0.#} s warm-up + {settings.Duration.TotalSeconds:0.#} s per cell, {settings.Rounds} round(s), {settings.Rows:N0} rows");
        try
        {
            return await new PairedRounds(settings, targets, workloads, data).RunAsync(new ResultFiles(settings.OutputDirectory, startedAt), cancellationToken);
        }
        catch (TargetUnavailableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        finally
        {
            foreach (var target in targets) await target.DisposeAsync();
            if (settings.SqliteDirectory is null) Directory.Delete(sqliteDirectory, recursive: true);
        }
    }

    /// <summary>A list option whose default is every allowed value; values may follow one flag or repeat it.</summary>
    private static Option<string[]> ListOption(string name, string description, IReadOnlyList<string> allowed)
    {
        var option = new Option<string[]>(name)
        {
            Description = $"{description} (default: all of {string.Join(' ', allowed)})",
            DefaultValueFactory = _ => [.. allowed],
            AllowMultipleArgumentsPerToken = true,
        };
        option.AcceptOnlyFromAmong([.. allowed]);
        return option;
    }
}
