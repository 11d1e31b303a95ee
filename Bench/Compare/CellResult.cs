using OrleansDb.Bench.Measurement;

namespace OrleansDb.Bench.Compare;

/// <summary>One measured cell of one round, as the tables and the result files show it.</summary>
public sealed record CellResult(
    int Round,
    string Target,
    string Workload,
    string Unit,
    int Concurrency,
    long Items,
    double Seconds,
    double Rate,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    IReadOnlyDictionary<string, string> ErrorSamples,
    IReadOnlyDictionary<string, long> WarmupErrorsByCode)
{
    public static CellResult From(int round, string target, string workload, string unit, int concurrency, CellMeasurement m) => new(
        round, target, workload, unit, concurrency, m.Items, m.Elapsed.TotalSeconds, m.Rate,
        m.Latencies.QuantileMilliseconds(0.50), m.Latencies.QuantileMilliseconds(0.99), m.Latencies.MaxMilliseconds, m.Errors.Total,
        m.Errors.ByCode.ToDictionary(e => e.Code, e => e.Count),
        m.Errors.ByCode.Concat(m.WarmupErrors.ByCode).DistinctBy(e => e.Code).ToDictionary(e => e.Code, e => e.FirstMessage),
        m.WarmupErrors.ByCode.ToDictionary(e => e.Code, e => e.Count));

    /// <summary>"40001×3 57P03×1", or "" when nothing failed.</summary>
    public string ErrorCodes => Codes(ErrorsByCode);

    public string WarmupErrorCodes => Codes(WarmupErrorsByCode);

    private static string Codes(IReadOnlyDictionary<string, long> counts) => string.Join(' ', counts.Select(e => $"{e.Key}×{e.Value}"));
}
