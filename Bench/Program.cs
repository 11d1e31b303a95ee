using System.CommandLine;
using OrleansDb.Bench;
using OrleansDb.Bench.Calls;
using OrleansDb.Bench.Compare;

var url = new Option<string>("--url")
{
    Description = "The OrleansDb silo's HTTP address",
    DefaultValueFactory = _ => "http://127.0.0.1:8080",
};
var writers = new Option<int[]>("--writers")
{
    Description = "Concurrent writers, one run per level",
    DefaultValueFactory = _ => [1, 8, 32],
    AllowMultipleArgumentsPerToken = true,
};
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per level", DefaultValueFactory = _ => 10 };
var warmup = new Option<int>("--warmup") { Description = "Warm-up seconds per level", DefaultValueFactory = _ => 2 };

var commits = new Command("commits", "Commit throughput with group commit: one-row autocommit inserts from N concurrent writers over HTTP, " +
    "with the sequencer's transactions per batch (from GET /v1/stats).")
{
    url, writers, seconds, warmup,
};
commits.SetAction((result, cancellationToken) => CommitThroughput.RunAsync(
    new Uri(result.GetValue(url)!), result.GetValue(writers)!, TimeSpan.FromSeconds(result.GetValue(seconds)), TimeSpan.FromSeconds(result.GetValue(warmup)), cancellationToken));

var micro = new Command("micro", "BenchmarkDotNet micro-benchmarks of the engine (planning, a point lookup in an atom, row codec, " +
    "sequencing a commit) with allocations; further arguments go to BenchmarkDotNet, e.g. --filter '*Plan*'.")
{
    TreatUnmatchedTokensAsErrors = false,
};
micro.SetAction(result =>
{
    BenchmarkDotNet.Running.BenchmarkRunner.Run<OrleansDb.Bench.Micro.EngineBenchmarks>(args: [.. result.UnmatchedTokens]);
    return 0;
});

var root = new RootCommand("OrleansDb benchmarks") { commits, micro, CompareCommand.Create(), CallsCommand.Create() };
return await root.Parse(args).InvokeAsync();
