using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace OrleansDb.Bench.Compare;

/// <summary>
/// Writes a run's results as <c>compare-STAMP.json</c> (settings, machine, targets, every cell and the
/// ratios), <c>compare-STAMP-cells.csv</c> (one line per cell and round) and
/// <c>compare-STAMP-ratios.csv</c> (one line per ratio and round, and one for the median). The files are
/// rewritten after every round, so an interrupted run keeps what it measured.
/// </summary>
public sealed class ResultFiles(string directory, DateTimeOffset startedAt)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly string _stem = Path.Combine(directory, $"compare-{startedAt.ToUniversalTime():yyyyMMdd-HHmmss}");

    public string JsonPath => _stem + ".json";

    public string CellsCsvPath => _stem + "-cells.csv";

    public string RatiosCsvPath => _stem + "-ratios.csv";

    public async Task WriteAsync(CompareSettings settings, IReadOnlyDictionary<string, string> targets, IReadOnlyList<CellResult> cells, IReadOnlyList<RatioRow> ratios)
    {
        Directory.CreateDirectory(directory);
        var report = new
        {
            startedAt,
            machine = new
            {
                processors = Environment.ProcessorCount,
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
            },
            settings = new
            {
                settings.Targets, settings.Workloads, settings.Concurrency,
                warmupSeconds = settings.Warmup.TotalSeconds, durationSeconds = settings.Duration.TotalSeconds,
                settings.Rounds, settings.Rows, settings.BatchRows, isolation = settings.Isolation.ToString(), settings.Seed,
                settings.HttpUrl, settings.Gateway, settings.ClusterId, settings.ServiceId,
                settings.PostgresConnection, settings.PostgresAutoPrepare,
            },
            targets = targets.Select(t => new { name = t.Key, description = t.Value }),
            cells,
            ratios = ratios.Select(r => new { r.Workload, r.Concurrency, r.Target, r.Baseline, r.PerRound, r.Median }),
        };
        await File.WriteAllTextAsync(JsonPath, JsonSerializer.Serialize(report, Json));
        await File.WriteAllTextAsync(CellsCsvPath, CellsCsv(cells));
        await File.WriteAllTextAsync(RatiosCsvPath, RatiosCsv(ratios));
    }

    private static string CellsCsv(IReadOnlyList<CellResult> cells)
    {
        var csv = new StringBuilder("round,target,workload,concurrency,unit,rate,items,seconds,p50_ms,p99_ms,max_ms,errors,error_codes,warmup_error_codes\n");
        foreach (var c in cells)
        {
            csv.Append(string.Format(Invariant, "{0},{1},{2},{3},{4},{5:0.0},{6},{7:0.000},{8:0.000},{9:0.000},{10:0.000},{11},{12},{13}\n",
                c.Round, c.Target, c.Workload, c.Concurrency, c.Unit, c.Rate, c.Items, c.Seconds, c.P50Ms, c.P99Ms, c.MaxMs, c.Errors, c.ErrorCodes, c.WarmupErrorCodes));
        }
        return csv.ToString();
    }

    private static string RatiosCsv(IReadOnlyList<RatioRow> ratios)
    {
        var csv = new StringBuilder("workload,concurrency,target,baseline,round,ratio\n");
        foreach (var r in ratios)
        {
            for (int i = 0; i < r.PerRound.Count; i++)
            {
                csv.Append(string.Format(Invariant, "{0},{1},{2},{3},{4},{5:0.0000}\n", r.Workload, r.Concurrency, r.Target, r.Baseline, i + 1, r.PerRound[i]));
            }
            csv.Append(string.Format(Invariant, "{0},{1},{2},{3},median,{4:0.0000}\n", r.Workload, r.Concurrency, r.Target, r.Baseline, r.Median));
        }
        return csv.ToString();
    }
}
