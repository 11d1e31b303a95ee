using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansDb.Tests.Http;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// Crash recovery of the archive engine with real processes: a silo (both roles) on a temporary data
/// directory is killed with SIGKILL while eight HTTP clients commit, then started again on the same
/// directory. Whatever was acknowledged is there, no transaction is partly there, and the transfer
/// table still sums to its initial total. <c>ORLEANSDB_CRASH_ROUNDS</c> sets the number of kills (20),
/// <c>ORLEANSDB_CRASH_SEED</c> repeats a run's kill moments, <c>ORLEANSDB_CRASH_LOG</c> names a file each
/// round's numbers are appended to as they come; <c>scripts/crash-test.sh</c> runs a long one.
/// </summary>
public sealed partial class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultRounds = 20;
    private const long BatchesPerRound = 1_000_000;
    private const string TailCutMessage = "Journal tail cut on recovery";
    private const string CheckpointMessage = "Checkpoint written at version";

    private readonly string _root = Directory.CreateTempSubdirectory("orleansdb-crash-").FullName;

    public enum JournalDamage
    {
        /// <summary>The last few bytes of the last segment are gone: a torn write.</summary>
        CutTail,

        /// <summary>Bytes in the middle of the last record are inverted: its checksum fails.</summary>
        FlipBytes,
    }

    [Fact]
    public async Task Acknowledged_Commits_Survive_Kill_9_At_Random_Moments()
    {
        int rounds = EnvironmentInt("ORLEANSDB_CRASH_ROUNDS") ?? DefaultRounds;
        int seed = EnvironmentInt("ORLEANSDB_CRASH_SEED") ?? Random.Shared.Next();
        Report($"seed {seed} (ORLEANSDB_CRASH_SEED={seed} repeats these kill moments), {rounds} rounds, {CrashLoad.Clients} clients");
        var random = new Random(seed);
        var ledger = new CrashLedger();
        var total = Stopwatch.StartNew();
        var restarts = new List<TimeSpan>();
        string dataDir = Path.Combine(_root, "kill");
        using var silo = new RestartableSilo(await SiloBinary.LocateAsync(), dataDir);
        await silo.StartAsync();
        await silo.Http.PostSqlOkAsync(CrashLoad.SetupSql());

        for (int round = 1; round <= rounds; round++)
        {
            int killAfter = random.Next(200, 1500);
            var load = CrashLoad.Start(silo.Http, round * BatchesPerRound, random.Next());
            var loadTime = Stopwatch.StartNew();
            await Task.Delay(killAfter);
            long killedAt = loadTime.ElapsedMilliseconds;
            silo.KillHard();
            load.Stop();
            await load.WaitAsync();
            ledger.Record(load);
            var files = ArchiveFiles.Measure(dataDir);

            var restart = await silo.StartAsync(round);
            restarts.Add(restart);
            string crash =
                $"round {round}: killed {killedAt} ms into the load; acknowledged {load.AcknowledgedBatches.Count * CrashLoad.RowsPerBatch} rows " +
                $"+ {load.AcknowledgedTransfers.Count} transfers [{load.StatusSummary}]; {files}; " +
                $"start to healthy {restart.TotalMilliseconds:F0} ms ({Recovery(silo.Current.Output())})";
            var checkTime = Stopwatch.StartNew();
            CrashCheck check;
            try
            {
                check = await ledger.CheckAsync(silo.Http);
            }
            catch
            {
                Report($"{crash}; the check FAILED (seed {seed}). The restarted silo's output:\n{silo.Current.Output()}");
                throw;
            }
            Report(
                $"{crash}; unknown {check.UnknownBatches} inserts ({check.UnknownBatchesPresent} present) + {check.UnknownTransfers} transfers " +
                $"({Applied(check)}); rows present {check.RowsPresent}, checked in {checkTime.ElapsedMilliseconds} ms");
        }

        var sorted = restarts.Order().ToList();
        Report(
            $"{rounds} rounds in {total.Elapsed.TotalSeconds:F1} s: acknowledged {ledger.AcknowledgedBatches * CrashLoad.RowsPerBatch} rows + " +
            $"{ledger.AcknowledgedTransfers} transfers, all present; start to healthy min {sorted[0].TotalMilliseconds:F0} / " +
            $"median {sorted[sorted.Count / 2].TotalMilliseconds:F0} / max {sorted[^1].TotalMilliseconds:F0} ms; {ArchiveFiles.Measure(dataDir)}");
    }

    [Theory]
    [InlineData(JournalDamage.CutTail)]
    [InlineData(JournalDamage.FlipBytes)]
    public async Task A_Damaged_Last_Journal_Record_Is_Cut_And_Everything_Before_It_Survives(JournalDamage damage)
    {
        var ledger = new CrashLedger();
        string dataDir = Path.Combine(_root, $"damage-{damage}");
        using var silo = new RestartableSilo(await SiloBinary.LocateAsync(), dataDir);
        await silo.StartAsync();
        await silo.Http.PostSqlOkAsync(CrashLoad.SetupSql() + "; CREATE TABLE marks (id int PRIMARY KEY)");
        await RunLoadAsync(silo, ledger, firstBatch: BatchesPerRound, seed: 1);

        // The last record holds exactly one known commit: the load has ended and the log is quiet.
        await WaitQuietAsync(silo.Http);
        await silo.Http.PostSqlOkAsync("INSERT INTO marks VALUES (1)");
        long markVersion = await AppliedVersionAsync(silo.Http);
        silo.KillHard();
        var last = ArchiveFiles.LastRecord(dataDir);
        Assert.True(last.LastVersion == markVersion && last.Transactions == 1,
            $"the journal's last record ({last}) is not the mark's commit alone (version {markVersion}): the log was not quiet");
        var before = ArchiveFiles.Measure(dataDir);
        if (damage == JournalDamage.CutTail) ArchiveFiles.CutTail(last, bytes: 5);
        else ArchiveFiles.FlipPayloadBytes(last, bytes: 4);

        var restart = await silo.StartAsync();
        string log = silo.Current.Output();
        Report($"{damage}: {before} before, {ArchiveFiles.Measure(dataDir)} after recovery; last record {last}; " +
            $"start to healthy {restart.TotalMilliseconds:F0} ms ({Recovery(log)})");
        Assert.Contains(TailCutMessage, log, StringComparison.Ordinal);
        Assert.Contains(damage == JournalDamage.CutTail ? "torn record" : "corrupt record", log, StringComparison.Ordinal);
        Assert.Contains($"now at version {last.PreviousVersion},", log, StringComparison.Ordinal);
        var check = await ledger.CheckAsync(silo.Http);
        Assert.Equal("[]", (await silo.Http.PostSqlOkAsync("SELECT id FROM marks")).Rows);
        Report($"{damage}: {ledger.AcknowledgedBatches * CrashLoad.RowsPerBatch} acknowledged rows, {check.RowsPresent} present, the mark cut");

        // The journal goes on after the cut: what is committed next survives another kill.
        await RunLoadAsync(silo, ledger, firstBatch: 2 * BatchesPerRound, seed: 2);
        await silo.Http.PostSqlOkAsync("INSERT INTO marks VALUES (2)");
        silo.KillHard();
        await silo.StartAsync();
        Assert.DoesNotContain(TailCutMessage, silo.Current.Output(), StringComparison.Ordinal);
        check = await ledger.CheckAsync(silo.Http);
        Assert.Equal("[[2]]", (await silo.Http.PostSqlOkAsync("SELECT id FROM marks")).Rows);
        Report($"{damage}: after more load and a clean kill, {ledger.AcknowledgedBatches * CrashLoad.RowsPerBatch} acknowledged rows, " +
            $"{check.RowsPresent} present; {ArchiveFiles.Measure(dataDir)}");
    }

    [Fact]
    public async Task A_Checkpoint_Plus_The_Journal_After_It_Recover_Every_Acknowledged_Commit()
    {
        // Small segments and threshold: the checkpoint loop (every 5 s) writes checkpoints and deletes covered segments.
        string[] args = ["--OrleansDb:JournalSegmentBytes", "16384", "--OrleansDb:CheckpointJournalBytes", "32768"];
        var random = new Random(EnvironmentInt("ORLEANSDB_CRASH_SEED") ?? Random.Shared.Next());
        var ledger = new CrashLedger();
        string dataDir = Path.Combine(_root, "checkpoint");
        using var silo = new RestartableSilo(await SiloBinary.LocateAsync(), dataDir, args);
        await silo.StartAsync();
        await silo.Http.PostSqlOkAsync(CrashLoad.SetupSql());

        for (int round = 1; round <= 2; round++)
        {
            var load = CrashLoad.Start(silo.Http, round * BatchesPerRound, random.Next());
            var checkpointed = Stopwatch.StartNew();
            while (!silo.Current.Output().Contains(CheckpointMessage, StringComparison.Ordinal))
            {
                Assert.True(checkpointed.Elapsed < TimeSpan.FromSeconds(30), $"no checkpoint within 30 s:\n{silo.Current.Output()}");
                await Task.Delay(100);
            }
            int killAfter = random.Next(0, 1000);
            await Task.Delay(killAfter);
            silo.KillHard();
            load.Stop();
            await load.WaitAsync();
            ledger.Record(load);
            var files = ArchiveFiles.Measure(dataDir);

            var restart = await silo.StartAsync(round);
            string log = silo.Current.Output();
            var check = await ledger.CheckAsync(silo.Http);
            Report(
                $"checkpoint round {round}: killed {killAfter} ms after a checkpoint; acknowledged {ledger.AcknowledgedBatches * CrashLoad.RowsPerBatch} rows " +
                $"in all, {check.RowsPresent} present; {files}; start to healthy {restart.TotalMilliseconds:F0} ms ({Recovery(log)}, " +
                $"{CheckpointLine().Match(log).Value})");
            Assert.Matches(CheckpointLine(), log);
            Assert.DoesNotContain("recovered: checkpoint at 0 ", log, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned by the system.
        }
    }

    /// <summary>Writes a line to the test's output and, with <c>ORLEANSDB_CRASH_LOG</c> set, appends it to that file at once.</summary>
    private void Report(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("ORLEANSDB_CRASH_LOG") is { Length: > 0 } path) File.AppendAllText(path, line + Environment.NewLine);
    }

    /// <summary>Runs the clients for a moment and stops them cleanly: every outcome is known.</summary>
    private static async Task RunLoadAsync(RestartableSilo silo, CrashLedger ledger, long firstBatch, int seed)
    {
        var load = CrashLoad.Start(silo.Http, firstBatch, seed);
        await Task.Delay(600);
        load.Stop();
        await load.WaitAsync();
        ledger.Record(load);
        Assert.Empty(load.UnknownBatches);
    }

    /// <summary>Waits until the applied version stays put for a while (atom splits the load set off have committed).</summary>
    private static async Task WaitQuietAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        long version = await AppliedVersionAsync(http);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the log never went quiet after the load");
            await Task.Delay(250);
            long now = await AppliedVersionAsync(http);
            if (now != version) still.Restart();
            version = now;
        }
    }

    private static async Task<long> AppliedVersionAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/v1/health");
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return health.RootElement.GetProperty("appliedVersion").GetInt64();
    }

    /// <summary>
    /// The silo's own account of its recovery, from its log. A SIGKILL may cut a journal write short (the
    /// kernel stops copying a write at a fatal signal), so a cut tail after a kill is reported, not failed:
    /// that record's commits were never acknowledged, its fsync had not returned.
    /// </summary>
    private static string Recovery(string log)
    {
        var recovered = RecoveredLine().Match(log);
        string report = recovered.Success
            ? $"loaded {recovered.Groups["atoms"].Value} atoms in {recovered.Groups["loadms"].Value} ms, replayed {recovered.Groups["batches"].Value} batches, {recovered.Groups["bytes"].Value} bytes, to version {recovered.Groups["version"].Value} in {recovered.Groups["ms"].Value} ms"
            : "no recovery line in the log";
        int cut = log.IndexOf(TailCutMessage, StringComparison.Ordinal);
        return cut < 0 ? report : $"{report}; {log[cut..].Split('\n')[0]}";
    }

    private static string Applied(CrashCheck check) => check.UnknownTransfersApplied < 0 ? "not searched" : $"{check.UnknownTransfersApplied} applied";

    private static int? EnvironmentInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

    [GeneratedRegex(@"recovered: checkpoint at [1-9]\d* \([1-9]\d* atoms loaded")]
    private static partial Regex CheckpointLine();

    [GeneratedRegex(@"recovered: checkpoint at \d+ \((?<atoms>\d+) atoms loaded in (?<loadms>\d+) ms\), (?<batches>\d+) journal batches \((?<bytes>\d+) bytes\) replayed, now at version (?<version>\d+), in (?<ms>\d+) ms")]
    private static partial Regex RecoveredLine();

    /// <summary>
    /// One silo process at a time on one data directory, killed with SIGKILL and started again on it.
    /// Each start takes fresh ports: a port a killed process held may have been handed to another meanwhile.
    /// </summary>
    private sealed class RestartableSilo(string siloDll, string dataDir, string[]? extraArgs = null) : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

        private readonly string _clusterId = $"crash-{Guid.NewGuid():N}";
        private SiloProcess? _current;

        public SiloProcess Current => _current ?? throw new InvalidOperationException("the silo is not running");

        public HttpClient Http => Current.Http;

        /// <summary>Starts the silo on the data directory; returns the time from process start to a healthy <c>/v1/health</c>.</summary>
        public async Task<TimeSpan> StartAsync(int? round = null)
        {
            if (_current is not null) throw new InvalidOperationException("the silo is running");
            int[] ports = FreeTcpPorts.Take(3);
            var watch = Stopwatch.StartNew();
            _current = SiloProcess.Start(siloDll, ports[0], ports[1], ports[2], dataDir, _clusterId, extraArgs: extraArgs);
            try
            {
                await _current.WaitHealthyAsync(StartTimeout);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                throw new InvalidOperationException(
                    $"the silo did not come back on {dataDir}{(round is int r ? $" after round {r}" : "")} ({ArchiveFiles.Measure(dataDir)})", e);
            }
            return watch.Elapsed;
        }

        public void KillHard()
        {
            var silo = Current;
            _current = null;
            try
            {
                silo.KillHard();
            }
            finally
            {
                silo.Dispose();
            }
        }

        public void Dispose()
        {
            _current?.Dispose();
            _current = null;
        }
    }
}
