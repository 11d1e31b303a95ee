namespace OrleansDb.Bench.Measurement;

/// <summary>
/// What one cell (a target × workload × concurrency) measured: the operations completed in the
/// measured window, the window's length, their latencies and the failures. <see cref="Items"/> is what
/// the rate counts: operations, or rows for a bulk load.
/// </summary>
public sealed class CellMeasurement(long items, TimeSpan elapsed, LatencyHistogram latencies, ErrorTally errors)
{
    public long Items { get; } = items;

    public TimeSpan Elapsed { get; } = elapsed;

    public LatencyHistogram Latencies { get; } = latencies;

    public ErrorTally Errors { get; } = errors;

    /// <summary>Failures during the warm-up, which the rate and latencies leave out.</summary>
    public ErrorTally WarmupErrors { get; init; } = new();

    public double Rate => Elapsed.TotalSeconds > 0 ? Items / Elapsed.TotalSeconds : 0;
}
