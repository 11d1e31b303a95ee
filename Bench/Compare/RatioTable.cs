namespace OrleansDb.Bench.Compare;

/// <summary>
/// OrleansDb's throughput over PostgreSQL's for one workload and concurrency: one ratio per round,
/// each taken from the two targets' cells of that round (run back to back), and their median.
/// </summary>
public sealed record RatioRow(string Workload, int Concurrency, string Target, string Baseline, IReadOnlyList<double> PerRound)
{
    public double Median => RatioTable.Median(PerRound);
}

/// <summary>
/// Pairs each OrleansDb cell with the PostgreSQL cell of the same round, workload and concurrency.
/// A ratio above 1 means OrleansDb did more per second. The W4 load is also set against PostgreSQL's
/// COPY (baseline "postgresql W4copy"). Because each ratio compares runs minutes apart at most, a
/// drift in the machine's speed over the whole run moves both sides and cancels out of the median.
/// </summary>
public static class RatioTable
{
    private const string Baseline = "postgresql";

    public static IReadOnlyList<RatioRow> From(IReadOnlyList<CellResult> cells)
    {
        var rows = new List<RatioRow>();
        var orleansCells = cells.Where(c => c.Target.StartsWith("orleansdb", StringComparison.Ordinal));
        foreach (var group in orleansCells.GroupBy(c => (c.Workload, c.Concurrency, c.Target)))
        {
            foreach (var baselineWorkload in BaselinesOf(group.Key.Workload))
            {
                var perRound = group
                    .Select(c => (Mine: c, Theirs: cells.FirstOrDefault(p => p.Target == Baseline && p.Workload == baselineWorkload && p.Concurrency == c.Concurrency && p.Round == c.Round)))
                    .Where(pair => pair.Theirs is { Rate: > 0 })
                    .OrderBy(pair => pair.Mine.Round)
                    .Select(pair => pair.Mine.Rate / pair.Theirs!.Rate)
                    .ToList();
                if (perRound.Count == 0) continue;
                string label = baselineWorkload == group.Key.Workload ? Baseline : $"{Baseline} {baselineWorkload}";
                rows.Add(new RatioRow(group.Key.Workload, group.Key.Concurrency, group.Key.Target, label, perRound));
            }
        }
        return rows;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static IEnumerable<string> BaselinesOf(string workload) => workload == "W4" ? ["W4", "W4copy"] : [workload];
}
