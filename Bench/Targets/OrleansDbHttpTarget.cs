using System.Text.Json;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// OrleansDb through its HTTP gateway (<c>POST /v1/sql</c>). Every worker has its own HTTP connection;
/// transactions run in an HTTP session (<c>POST /v1/sessions</c>) that the worker opens on its first
/// BEGIN and keeps, as a PostgreSQL client keeps its connection.
/// </summary>
public sealed class OrleansDbHttpTarget(Uri url) : IBenchTarget
{
    public string Name => "orleansdb-http";

    public TargetFamily Family => TargetFamily.OrleansDb;

    public async Task<string> OpenAsync(CancellationToken cancellationToken)
    {
        using var http = NewConnection(url);
        try
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/v1/health", cancellationToken));
            var root = health.RootElement;
            return $"OrleansDb over HTTP at {url} (silo {root.GetProperty("silo").GetString()}, engine {root.GetProperty("engine").GetString()})";
        }
        catch (HttpRequestException e)
        {
            throw new TargetUnavailableException($"--http-url: OrleansDb does not answer at {url}: {e.Message}", e);
        }
    }

    public Task<IBenchSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IBenchSession>(new HttpSqlSession(NewConnection(url)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A client with exactly one TCP connection, so each worker's requests travel on its own.</summary>
    private static HttpClient NewConnection(Uri url) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
