using System.Diagnostics;
using OrleansDb.Bench.Measurement;
using OrleansDb.Bench.Targets;
using OrleansDb.Bench.Workloads;

namespace OrleansDb.Bench.Compare;

/// <summary>
/// Runs the comparison: opens every target and loads the same data into each, then for each round,
/// workload and concurrency runs the cell on every target back to back, so that the targets a ratio
/// compares were measured within moments of each other. Odd rounds take the targets in the order
/// given and even rounds in reverse (A B, B A, ...), so going first or second favours no target overall.
/// </summary>
public sealed class PairedRounds(CompareSettings settings, IReadOnlyList<IBenchTarget> targets, IReadOnlyList<Workload> workloads, Dataset data)
{
    private readonly List<CellResult> _cells = [];
    private readonly Dictionary<string, string> _descriptions = [];

    public async Task<int> RunAsync(ResultFiles files, CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        for (int round = 1; round <= settings.Rounds; round++)
        {
            var order = round % 2 == 1 ? targets : targets.Reverse().ToList();
            Console.WriteLine();
            Console.WriteLine($"round {round} of {settings.Rounds}: {string.Join(" → ", order.Select(t => t.Name))}");
            foreach (var workload in workloads)
            {
                foreach (int concurrency in settings.Concurrency)
                {
                    var plan = new CellPlan(concurrency, settings.Warmup, settings.Duration, settings.Seed + round * 1000);
                    var cellResults = new List<CellResult>();
                    foreach (var target in order.Where(workload.RunsOn))
                    {
                        var measured = await workload.MeasureAsync(target, plan, cancellationToken);
                        var result = CellResult.From(round, target.Name, workload.Id, workload.Unit, concurrency, measured);
                        ConsoleReport.Cell(result);
                        cellResults.Add(result);
                    }
                    ConsoleReport.RoundRatios(cellResults);
                    _cells.AddRange(cellResults);
                }
            }
            await files.WriteAsync(settings, _descriptions, _cells, RatioTable.From(_cells));
        }
        ConsoleReport.Summary(_cells, RatioTable.From(_cells), settings.Rounds);
        Console.WriteLine();
        Console.WriteLine($"results: {files.JsonPath}, {files.CellsCsvPath}, {files.RatiosCsvPath}");
        long failed = _cells.Sum(c => c.Errors);
        if (failed > 0) Console.WriteLine($"{failed:N0} operations failed in {_cells.Count(c => c.Errors > 0)} cells; the JSON file has a message for each error code");
        return 0;
    }

    /// <summary>Opens every target first, so a target that cannot be reached stops the run before any load.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var target in targets)
        {
            _descriptions[target.Name] = await target.OpenAsync(cancellationToken);
            Console.WriteLine($"{target.Name,-17} {_descriptions[target.Name]}");
        }
        bool withOrders = workloads.Any(w => w.NeedsOrders);
        foreach (var target in targets)
        {
            var watch = Stopwatch.StartNew();
            await data.LoadAsync(target, withOrders, cancellationToken);
            Console.WriteLine($"{target.Name,-17} loaded kv{(withOrders ? ", customers and orders" : "")} ({data.Rows:N0} rows each) in {watch.Elapsed.TotalSeconds:0.0} s");
        }
    }
}
