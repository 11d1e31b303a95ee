using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Differential;

public sealed class ScratchRepro(DifferentialFixture db, ITestOutputHelper output) : IClassFixture<DifferentialFixture>
{
    [Fact]
    public async Task Scratch()
    {
        var path = Environment.GetEnvironmentVariable("SCRATCH_SQL");
        if (path is null) return;
        using var log = new StreamWriter("/tmp/scratch/out.txt");
        foreach (var sql in File.ReadAllText(path).Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var sw = Stopwatch.StartNew();
            var o = await db.OrleansDbAsync(sql);
            var t1 = sw.Elapsed.TotalMilliseconds;
            var s = db.Sqlite(sql);
            log.WriteLine($"== {sql}\n-- orleans {t1:F0} ms: {o.Error} rows {o.Rows.Count}\n{ResultComparer.Format(o.Rows, 5)}-- sqlite: {s.Error} rows {s.Rows.Count}\n{ResultComparer.Format(s.Rows, 5)}-- diff: {(o.Error is null && s.Error is null ? ResultComparer.Difference(s.Rows, o.Rows, false) : "-")}");
            log.Flush();
        }
        output.WriteLine("done");
    }
}
