using OrleansDb.Bench.Measurement;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Workloads;

/// <summary>One kind of work measured on every target the same way (W1 ... W6).</summary>
public abstract class Workload(string id, string description)
{
    public string Id { get; } = id;

    public string Description { get; } = description;

    /// <summary>What the rate counts: operations, or rows for a bulk load.</summary>
    public virtual string Unit => "ops/s";

    /// <summary>Whether it reads customers and orders (else only kv).</summary>
    public virtual bool NeedsOrders => false;

    public virtual bool RunsOn(IBenchTarget target) => true;

    public abstract Task<CellMeasurement> MeasureAsync(IBenchTarget target, CellPlan plan, CancellationToken cancellationToken);
}

/// <summary>A workload of one repeated operation in a closed loop for a fixed time (<see cref="TimedRunner"/>).</summary>
public sealed class TimedWorkload(string id, string description, bool needsOrders, Func<IBenchSession, Random, Task> operation)
    : Workload(id, description)
{
    public override bool NeedsOrders => needsOrders;

    public override Task<CellMeasurement> MeasureAsync(IBenchTarget target, CellPlan plan, CancellationToken cancellationToken) =>
        TimedRunner.RunAsync(target, plan, operation, cancellationToken);
}
