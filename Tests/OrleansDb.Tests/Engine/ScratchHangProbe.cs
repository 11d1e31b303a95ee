using OrleansDb.Cluster;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Engine;

public sealed class ScratchHangProbe(ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        for (int run = 0; run < 40; run++)
        {
            File.AppendAllText("/tmp/probe.log", $"==== run {run}\n");
            var builder = new Orleans.TestingHost.InProcessTestClusterBuilder(1);
            builder.ConfigureSilo((options, silo) => OrleansDb.Hosting.OrleansDbSiloBuilderExtensions.AddOrleansDb(silo, o => o.AtomSplitBytes = 1024));
            builder.ConfigureSiloHost((options, host) => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, FileLoggerProvider>(host.Services));
            var cluster = builder.Build();
            await cluster.DeployAsync();
            try
            {
                var view = cluster.SiloService<ClusterView>(0);
                var store = cluster.SiloService<AtomStore>(0);
                output.WriteLine($"run {run}: start active={view.ActiveSilos.Count} archives={view.ActiveArchives.Count} role={view.RoleOf(view.LocalSilo)} applied={store.AppliedVersion}");
                for (int i = 0; i < 80; i++)
                {
                    string sql = i == 0 ? "CREATE TABLE p (id int primary key, v text)" : i % 2 == 0 ? "EXPLAIN SELECT * FROM p" : "INSERT INTO p VALUES " + string.Join(", ", Enumerable.Range(i * 100, 100).Select(k => $"({k}, 'row {k}')"));
                    var t = cluster.ExecuteAsync(sql);
                    try
                    {
                        var r = await t.WaitAsync(TimeSpan.FromSeconds(3));
                        if (r.Error is not null)
                        {
                            long missingId = long.Parse(System.Text.RegularExpressions.Regex.Match(r.Error.Message, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture);
                            var t2 = store.Catalog.FindTable("public", "p")!;
                            var inMap = t2.Atoms.AllAtoms.Contains(missingId);
                            var holder = store.Atoms.FirstOrDefault(a => a.RightSibling == missingId);
                            if (store.FindAtom(missingId) is null)
                            {
                                string K2(byte[]? k) => k is null ? "inf" : k.Length == 0 ? "-inf" : KeyCodec.Decode(k, [Sql.Types.ValueKind.Integer])[0].AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture);
                                var batches = await cluster.Client.GetGrain<ISequencerGrain>(0).GetBatchesAfter(0) ?? [];
                                foreach (var b in batches)
                                {
                                    for (int x = 0; x < b.Versions.Length; x++)
                                    {
                                        foreach (var op in LogCodec.Decode(b.Ops[x]))
                                        {
                                            if (op is SplitAtomOp so && (so.NewAtomId == missingId || so.AtomId == missingId || so.NewAtomId == holder!.Id || so.AtomId == holder.Id))
                                                output.WriteLine($"    v{b.Versions[x]} (batch prev {b.PreviousVersion}) split {so.AtomId} at {K2(so.SplitKey)} -> {so.NewAtomId}");
                                        }
                                    }
                                }
                                output.WriteLine($"    holder {holder!.Id} [{K2(holder.Low)}, {K2(holder.High)}) right={holder.RightSibling} v={holder.Version}");
                                var rows = await cluster.ExecuteAsync("SELECT id FROM p");
                                output.WriteLine($"    rows now {rows.Results.FirstOrDefault()?.Rows.Count} err={rows.Error?.Message}");
                            }
                            output.WriteLine($"  stmt {i}: {r.Error.Code} {r.Error.Message} nowInStore={store.FindAtom(missingId) is not null} inMap={inMap} siblingOf={holder?.Id} applied={store.AppliedVersion} catalogV={store.Catalog.Version} atoms={store.AtomCount} mapCount={t2.Atoms.Count}");
                        }
                    }
                    catch (TimeoutException)
                    {
                        var rv = await cluster.Client.GetGrain<ISequencerGrain>(0).GetReadVersion();
                        output.WriteLine($"  HANG at stmt {i}: active={view.ActiveSilos.Count} archives={view.ActiveArchives.Count} role={view.RoleOf(view.LocalSilo)} applied={store.AppliedVersion} ack={rv}");
                        var seq = cluster.Client.GetGrain<ISequencerGrain>(0);
                        long id1 = await seq.AllocateIds(1);
                        await Task.Delay(2000);
                        long id2 = await seq.AllocateIds(1);
                        output.WriteLine($"   ids {id1} {id2} applied={store.AppliedVersion} cpu={System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime}");
                        await Task.Delay(2000);
                        output.WriteLine($"   cpu={System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime}");
                        var direct = seq.Commit(new CommitMessage { ReadVersion = id2, Ops = LogCodec.Encode([]), ConflictKeys = [] });
                        try { var rr = await direct.WaitAsync(TimeSpan.FromSeconds(3)); output.WriteLine($"   direct commit: {rr.Version} {rr.Error?.Code}"); } catch (TimeoutException) { output.WriteLine("   direct commit hangs"); }
                        var other = cluster.ExecuteAsync("INSERT INTO p VALUES (-5, 'x')");
                        try { var rr = await other.WaitAsync(TimeSpan.FromSeconds(3)); output.WriteLine($"   other insert: {rr.Error?.Code ?? "ok"}"); } catch (TimeoutException) { output.WriteLine("   other insert hangs too"); }
                        var ddl = cluster.ExecuteAsync("CREATE TABLE q2 (id int primary key)");
                        try { var rr = await ddl.WaitAsync(TimeSpan.FromSeconds(3)); output.WriteLine($"   ddl: {rr.Error?.Code ?? "ok"}"); } catch (TimeoutException) { output.WriteLine("   ddl hangs too"); }
                        var sel = cluster.ExecuteAsync("SELECT count_me FROM p");
                        try { var rr = await sel.WaitAsync(TimeSpan.FromSeconds(3)); output.WriteLine($"   select: {rr.Error?.Code ?? "ok"}"); } catch (TimeoutException) { output.WriteLine("   select hangs too"); }
                        var table = store.Catalog.FindTable("public", "p")!;
                        string K(byte[]? k) => k is null ? "inf" : k.Length == 0 ? "-inf" : KeyCodec.Decode(k, [Sql.Types.ValueKind.Integer])[0].AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        for (int a = 0; a < table.Atoms.Count; a++)
                        {
                            var atom = store.FindAtom(table.Atoms.AtomAt(a));
                            if (a > 3) break;
                            output.WriteLine($"   map {table.Atoms.AtomAt(a)} [{K(table.Atoms.LowAt(a))}, {K(table.Atoms.HighAt(a))}) atom: {(atom is null ? "missing" : $"[{K(atom.Low)}, {K(atom.High)}) right={atom.RightSibling} n={atom.EntryCount} v={atom.Version}")}");
                        }
                        break;
                    }
                }
            }
            finally
            {
                await cluster.StopAllSilosAsync();
                await cluster.DisposeAsync();
            }
        }
    }
}

public sealed class FileLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new FileLogger(categoryName);
    public void Dispose() { }
    private sealed class FileLogger(string category) : Microsoft.Extensions.Logging.ILogger
    {
        private static readonly object Gate = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning || (category.StartsWith("OrleansDb", StringComparison.Ordinal) && logLevel >= Microsoft.Extensions.Logging.LogLevel.Debug);
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (Gate) File.AppendAllText("/tmp/probe.log", $"{DateTime.Now:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}\n");
        }
    }
}
