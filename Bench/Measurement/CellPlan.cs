namespace OrleansDb.Bench.Measurement;

/// <summary>
/// How one cell runs: <see cref="Concurrency"/> workers, each with its own session, run operations for
/// <see cref="Warmup"/> (not counted) and then <see cref="Duration"/> (counted). Worker i draws its keys
/// from a generator seeded with <see cref="Seed"/> + i, so runs are repeatable.
/// </summary>
public sealed record CellPlan(int Concurrency, TimeSpan Warmup, TimeSpan Duration, int Seed);
