using OrleansDb.Bench.Measurement;

namespace OrleansDb.Bench.Calls;

/// <summary>
/// The calls per operation of one workload, in total and per interface method, and the bytes the process
/// (client and every silo: the cluster is in process) allocated per operation.
/// </summary>
public sealed record CallCostRow(
    string Workload,
    int Operations,
    double Seconds,
    double ClientCallsPerOp,
    double LocalCallsPerOp,
    double CrossSiloCallsPerOp,
    double IdleCrossSiloCallsPerOp,
    long Errors,
    double AllocatedBytesPerOp,
    IReadOnlyList<MethodCalls> Methods)
{
    public static CallCostRow From(
        string workload, int operations, double seconds, IReadOnlyDictionary<string, CallCounts> counts, double idleCrossPerSecond, ErrorTally errors, long allocatedBytes)
    {
        double PerOp(long n) => (double)n / operations;
        var methods = counts
            .Select(e => new MethodCalls(e.Key, PerOp(e.Value.Client), PerOp(e.Value.Local), PerOp(e.Value.CrossSilo)))
            .OrderByDescending(m => m.CrossSiloPerOp).ThenByDescending(m => m.LocalPerOp + m.ClientPerOp)
            .ToList();
        return new CallCostRow(workload, operations, seconds,
            PerOp(counts.Values.Sum(c => c.Client)), PerOp(counts.Values.Sum(c => c.Local)), PerOp(counts.Values.Sum(c => c.CrossSilo)),
            idleCrossPerSecond * seconds / operations, errors.Total, PerOp(allocatedBytes), methods);
    }
}

/// <summary>Calls per operation to one grain interface method, by origin.</summary>
public sealed record MethodCalls(string Method, double ClientPerOp, double LocalPerOp, double CrossSiloPerOp);
