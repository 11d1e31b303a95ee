using System.Diagnostics;
using System.Numerics;

namespace OrleansDb.Bench.Measurement;

/// <summary>
/// Latencies in fixed log-linear buckets of microseconds: exact below 64 µs, then 32 buckets per power
/// of two (at most ~3% wide), up to any <see cref="long"/>. Recording is an index computation and an
/// increment, with no allocation, so a worker records every operation; worker histograms merge by adding.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int BucketCount = (64 - SubBucketBits) * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];
    private long _maxMicroseconds;

    public long Count { get; private set; }

    /// <summary>The largest latency recorded, exactly, in milliseconds.</summary>
    public double MaxMilliseconds => _maxMicroseconds / 1000.0;

    public void RecordTicks(long stopwatchTicks) => RecordMicroseconds(stopwatchTicks * 1_000_000 / Stopwatch.Frequency);

    public void RecordMicroseconds(long microseconds)
    {
        microseconds = Math.Max(0, microseconds);
        _counts[IndexOf(microseconds)]++;
        _maxMicroseconds = Math.Max(_maxMicroseconds, microseconds);
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < BucketCount; i++) _counts[i] += other._counts[i];
        _maxMicroseconds = Math.Max(_maxMicroseconds, other._maxMicroseconds);
        Count += other.Count;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in milliseconds: the middle of its bucket; 0 when empty.</summary>
    public double QuantileMilliseconds(double q)
    {
        if (Count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return (LowerBound(i) + LowerBound(i + 1)) / 2.0 / 1000.0;
        }
        return LowerBound(BucketCount) / 1000.0;
    }

    /// <summary>Values below 2·SubBuckets map to themselves; above, the top SubBucketBits+1 bits pick the bucket.</summary>
    private static int IndexOf(long value)
    {
        if (value < 2 * SubBuckets) return (int)value;
        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        int shift = exponent - SubBucketBits;
        return (shift + 1) * SubBuckets + (int)((value >> shift) - SubBuckets);
    }

    private static double LowerBound(int index)
    {
        if (index < 2 * SubBuckets) return index;
        int shift = index / SubBuckets - 1;
        return (double)(SubBuckets + index % SubBuckets) * Math.Pow(2, shift);
    }
}
