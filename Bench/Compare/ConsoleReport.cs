using System.Globalization;
using System.Text;

namespace OrleansDb.Bench.Compare;

/// <summary>
/// The comparison's console output: a line per cell as it finishes, the round's ratios after each
/// cell, and at the end the median results and the ratio tables.
/// </summary>
public static class ConsoleReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Cell(CellResult c) => Console.WriteLine(string.Format(Invariant,
        "round {0}  {1,-6} c={2,-3} {3,-17} {4,12:N0} {5,-6} p50 {6,8:0.000} ms  p99 {7,8:0.000} ms  max {8,9:0.0} ms  errors {9}{10}{11}",
        c.Round, c.Workload, c.Concurrency, c.Target, c.Rate, c.Unit, c.P50Ms, c.P99Ms, c.MaxMs, c.Errors,
        c.Errors > 0 ? $" ({c.ErrorCodes})" : "", c.WarmupErrorsByCode.Count > 0 ? $" (warm-up: {c.WarmupErrorCodes})" : ""));

    /// <summary>Each OrleansDb target's ratio to PostgreSQL in the cell just run.</summary>
    public static void RoundRatios(IReadOnlyList<CellResult> cellsOfOneRound)
    {
        var ratios = RatioTable.From(cellsOfOneRound);
        if (ratios.Count == 0) return;
        Console.WriteLine("         ratio " + string.Join(", ", ratios.Select(r => string.Format(Invariant, "{0}/{1} {2:0.00}", r.Target, r.Baseline, r.PerRound[0]))));
    }

    public static void Summary(IReadOnlyList<CellResult> cells, IReadOnlyList<RatioRow> ratios, int rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"Results, median of {rounds} round(s) (max: over rounds; errors: sum over rounds)");
        var table = new TextTable("workload", "c", "target", "rate", "unit", "p50 ms", "p99 ms", "max ms", "errors");
        foreach (var cell in cells.GroupBy(c => (c.Workload, c.Concurrency, c.Target)))
        {
            var first = cell.First();
            long errors = cell.Sum(c => c.Errors);
            var codes = cell.SelectMany(c => c.ErrorsByCode).GroupBy(e => e.Key).Select(g => $"{g.Key}×{g.Sum(e => e.Value)}");
            table.Add(first.Workload, first.Concurrency.ToString(Invariant), first.Target,
                RatioTable.Median([.. cell.Select(c => c.Rate)]).ToString("N0", Invariant), first.Unit,
                RatioTable.Median([.. cell.Select(c => c.P50Ms)]).ToString("0.000", Invariant),
                RatioTable.Median([.. cell.Select(c => c.P99Ms)]).ToString("0.000", Invariant),
                cell.Max(c => c.MaxMs).ToString("0.0", Invariant),
                errors == 0 ? "0" : $"{errors} ({string.Join(' ', codes)})");
        }
        Console.Write(table);

        if (ratios.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("Ratio OrleansDb / PostgreSQL (rate; above 1 means OrleansDb is faster), per round and median");
        var perRound = new TextTable(["workload", "c", "target", "baseline", .. Enumerable.Range(1, rounds).Select(r => $"round {r}"), "median"]);
        foreach (var r in ratios)
        {
            perRound.Add([r.Workload, r.Concurrency.ToString(Invariant), r.Target, r.Baseline,
                .. Enumerable.Range(0, rounds).Select(i => i < r.PerRound.Count ? r.PerRound[i].ToString("0.00", Invariant) : "-"),
                r.Median.ToString("0.00", Invariant)]);
        }
        Console.Write(perRound);

        Console.WriteLine();
        Console.WriteLine("Median ratio OrleansDb / PostgreSQL, by workload and concurrency");
        var levels = ratios.Select(r => r.Concurrency).Distinct().Order().ToList();
        var pivot = new TextTable(["workload", "target", "baseline", .. levels.Select(c => $"c={c}")]);
        foreach (var row in ratios.GroupBy(r => (r.Workload, r.Target, r.Baseline)))
        {
            pivot.Add([row.Key.Workload, row.Key.Target, row.Key.Baseline,
                .. levels.Select(c => row.FirstOrDefault(r => r.Concurrency == c) is { } r ? r.Median.ToString("0.00", Invariant) : "-")]);
        }
        Console.Write(pivot);
    }

    /// <summary>A plain-text table whose columns are as wide as their widest cell; text left, numbers right.</summary>
    private sealed class TextTable(params string[] header)
    {
        private readonly List<string[]> _rows = [header];

        public void Add(params string[] row) => _rows.Add(row);

        public override string ToString()
        {
            var widths = header.Select((_, i) => _rows.Max(r => r[i].Length)).ToArray();
            var text = new StringBuilder();
            foreach (var row in _rows)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    bool numeric = row != header && row[i].Length > 0 && (char.IsDigit(row[i][0]) || row[i] == "-");
                    text.Append(numeric ? row[i].PadLeft(widths[i]) : row[i].PadRight(widths[i])).Append("  ");
                }
                text.Length -= 2;
                text.AppendLine();
            }
            return text.ToString();
        }
    }
}
