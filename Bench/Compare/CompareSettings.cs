using System.Data;
using System.Net;

namespace OrleansDb.Bench.Compare;

/// <summary>Everything a comparison run is told on the command line (see Bench/README.md).</summary>
public sealed record CompareSettings
{
    public required IReadOnlyList<string> Targets { get; init; }

    public required IReadOnlyList<string> Workloads { get; init; }

    public required IReadOnlyList<int> Concurrency { get; init; }

    public required TimeSpan Warmup { get; init; }

    public required TimeSpan Duration { get; init; }

    public required int Rounds { get; init; }

    public required long Rows { get; init; }

    public required int BatchRows { get; init; }

    public required IsolationLevel Isolation { get; init; }

    public required int Seed { get; init; }

    public required string OutputDirectory { get; init; }

    public required string HttpUrl { get; init; }

    /// <summary>IP:PORT of the Orleans gateway.</summary>
    public required string Gateway { get; init; }

    public required string ClusterId { get; init; }

    public required string ServiceId { get; init; }

    public required string PostgresConnection { get; init; }

    public required bool PostgresAutoPrepare { get; init; }

    /// <summary>Where the SQLite files go; null makes a temporary directory, removed at the end.</summary>
    public string? SqliteDirectory { get; init; }

    /// <summary>Every problem with the settings, each naming its option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency.Count == 0 || Concurrency.Any(c => c < 1)) errors.Add("--concurrency: give levels of at least 1");
        if (Rounds < 1) errors.Add("--rounds must be at least 1");
        if (Duration <= TimeSpan.Zero) errors.Add("--duration must be positive");
        if (Warmup < TimeSpan.Zero) errors.Add("--warmup must not be negative");
        if (Rows < 100) errors.Add("--rows must be at least 100");
        if (BatchRows is < 1 or > 10_000) errors.Add("--batch must be between 1 and 10000");
        if (!Uri.TryCreate(HttpUrl, UriKind.Absolute, out _)) errors.Add($"--http-url must be an absolute URL (was '{HttpUrl}')");
        if (!IPEndPoint.TryParse(Gateway, out var gateway) || gateway.Port == 0) errors.Add($"--gateway must be IP:PORT (was '{Gateway}')");
        return errors;
    }
}
