using System.Diagnostics;
using OrleansDb.Bench.Measurement;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Workloads;

/// <summary>
/// W4: loads <see cref="Dataset.Rows"/> rows into a freshly created <c>kv_load</c> table, the key range
/// split over the cell's workers, by multi-row INSERTs of <see cref="Dataset.BatchRows"/> rows (one
/// transaction each) or, <paramref name="byCopy"/>, by one binary COPY per worker (PostgreSQL only).
/// The rate is rows per second from the first row sent to the last one acknowledged; a latency is one
/// batch (or one worker's COPY). The warm-up loads a tenth of the rows into a table that is then
/// dropped. The loaded count is checked with <c>count(*)</c>.
/// </summary>
public sealed class BulkLoadWorkload(string id, string description, bool byCopy, Dataset data) : Workload(id, description)
{
    private const string Table = "kv_load";

    public override string Unit => "rows/s";

    public override bool RunsOn(IBenchTarget target) => !byCopy || target.Family == TargetFamily.PostgreSql;

    public override async Task<CellMeasurement> MeasureAsync(IBenchTarget target, CellPlan plan, CancellationToken cancellationToken)
    {
        var sessions = await TimedRunner.OpenSessionsAsync(target, plan.Concurrency, cancellationToken);
        try
        {
            var warmupErrors = new ErrorTally();
            if (plan.Warmup > TimeSpan.Zero)
            {
                await RecreateTableAsync(target, cancellationToken);
                await LoadAsync(sessions, data.Rows / 10, new LatencyHistogram(), warmupErrors, cancellationToken);
            }
            await RecreateTableAsync(target, cancellationToken);
            var latencies = new LatencyHistogram();
            var errors = new ErrorTally();
            long started = Stopwatch.GetTimestamp();
            await LoadAsync(sessions, data.Rows, latencies, errors, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            long loaded = await CountAsync(sessions[0]);
            if (loaded != data.Rows && errors.Total == 0)
            {
                errors.Record(new BenchSqlException("wrong-result", $"{Table} has {loaded} rows after loading {data.Rows}"));
            }
            return new CellMeasurement(loaded, elapsed, latencies, errors) { WarmupErrors = warmupErrors };
        }
        finally
        {
            await TimedRunner.CloseSessionsAsync(sessions);
        }
    }

    /// <summary>Each worker loads its range; a failure ends that worker's load and is counted.</summary>
    private Task LoadAsync(IBenchSession[] sessions, long rows, LatencyHistogram latencies, ErrorTally errors, CancellationToken cancellationToken) =>
        ParallelLoad.RunAsync(sessions, rows, async (session, _, from, to) =>
        {
            var mine = new LatencyHistogram();
            Exception? failure = null;
            try
            {
                if (byCopy) await CopyAsync((IBulkCopySession)session, from, to, mine, cancellationToken);
                else await BatchInsert.InsertAsync(session, Table, ["k", "v"], Dataset.KvRows(from, to), data.BatchRows, mine.RecordTicks);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }
            lock (errors)
            {
                latencies.Add(mine);
                if (failure is not null) errors.Record(failure);
            }
        }, cancellationToken);

    private static async Task CopyAsync(IBulkCopySession session, long from, long to, LatencyHistogram latencies, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        await session.CopyKvAsync(Table, Dataset.KvPairs(from, to), cancellationToken);
        latencies.RecordTicks(Stopwatch.GetTimestamp() - started);
    }

    private static Task RecreateTableAsync(IBenchTarget target, CancellationToken cancellationToken) =>
        Dataset.ExecuteEachAsync(target, cancellationToken, $"DROP TABLE IF EXISTS {Table}", $"CREATE TABLE {Table} (k BIGINT PRIMARY KEY, v TEXT NOT NULL)");

    private static async Task<long> CountAsync(IBenchSession session) =>
        Convert.ToInt64(await session.ScalarAsync($"SELECT count(*) FROM {Table}"), System.Globalization.CultureInfo.InvariantCulture);
}
