using System.Globalization;

namespace OrleansDb.Bench.Calls;

/// <summary>Prints the calls per operation: one summary line per workload, then each workload's calls by method.</summary>
public static class CallCostReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="idle">The calls the cluster made during the idle period after the workloads.</param>
    public static void Print(CallsSettings settings, IReadOnlyDictionary<string, CallCounts> idle, IReadOnlyList<CallCostRow> rows)
    {
        double seconds = settings.Idle.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"Grain calls per operation: {settings.Silos} in-process silos, .NET client, {settings.Operations:N0} operations per workload " +
            $"after {settings.WarmupOperations:N0} warm-up, concurrency {settings.Concurrency}, {settings.Rows:N0} rows");
        var idleMethods = idle.Where(e => e.Value.Total > 0).OrderByDescending(e => e.Value.Total)
            .Select(e => string.Format(Invariant, "{0} {1:0.0} local + {2:0.0} cross", e.Key, e.Value.Local / seconds, e.Value.CrossSilo / seconds))
            .ToList();
        Console.WriteLine(idleMethods.Count == 0
            ? "idle cluster: no OrleansDb grain calls of its own"
            : string.Format(Invariant, "idle cluster, calls/s of its own: {0:0.0} cross-silo ({1})", idle.Values.Sum(c => c.CrossSilo) / seconds, string.Join(", ", idleMethods)));
        Console.WriteLine();
        Console.WriteLine("workload  ops/s  from client  local  cross-silo  (idle share)  errors  allocated B/op (client + silos)");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Format(Invariant, "{0,-8} {1,6:0} {2,12:0.00} {3,6:0.00} {4,11:0.00} {5,13:0.00} {6,7} {7,15:N0}",
                r.Workload, r.Operations / r.Seconds, r.ClientCallsPerOp, r.LocalCallsPerOp, r.CrossSiloCallsPerOp, r.IdleCrossSiloCallsPerOp, r.Errors, r.AllocatedBytesPerOp));
        }
        foreach (var r in rows)
        {
            Console.WriteLine();
            Console.WriteLine($"{r.Workload} calls per operation by method (client / local / cross-silo)");
            foreach (var m in r.Methods.Where(m => m.ClientPerOp + m.LocalPerOp + m.CrossSiloPerOp >= 0.005))
            {
                Console.WriteLine(string.Format(Invariant, "  {0,-48} {1,6:0.00} {2,6:0.00} {3,6:0.00}", m.Method, m.ClientPerOp, m.LocalPerOp, m.CrossSiloPerOp));
            }
        }
    }
}
