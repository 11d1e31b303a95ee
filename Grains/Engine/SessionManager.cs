using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Sql.Execution;

namespace OrleansDb.Engine;

/// <summary>
/// The sessions held by this silo. A session id names its silo (base64url of the silo address, a dot,
/// then a random part), so any silo can route a request to the one that holds the session. Sessions
/// idle longer than <see cref="OrleansDbOptions.SessionIdleTimeout"/> are ended and their open
/// transactions rolled back.
/// </summary>
public sealed partial class SessionManager(
    GrainDataAccess data, EnginePlanCache plans, ClusterView cluster, IOptions<OrleansDbOptions> options, ILogger<SessionManager> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public string Open()
    {
        string id = $"{Convert.ToBase64String(Encoding.UTF8.GetBytes(ClusterView.Key(cluster.LocalSilo))).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{Guid.NewGuid():N}";
        _sessions[id] = new Session(data, plans.Cache);
        return id;
    }

    public Session? Find(string id) => _sessions.GetValueOrDefault(id);

    public async Task<bool> CloseAsync(string id)
    {
        if (!_sessions.TryRemove(id, out var session)) return false;
        await session.CloseAsync(CancellationToken.None);
        return true;
    }

    /// <summary>The silo key (<see cref="ClusterView.Key"/>) a session id names, or null when the id is malformed.</summary>
    public static string? SiloOf(string id)
    {
        int dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return null;
        string encoded = id[..dot].Replace('-', '+').Replace('_', '/');
        encoded = encoded.PadRight(encoded.Length + (4 - encoded.Length % 4) % 4, '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public bool IsLocal(string id) => SiloOf(id) == ClusterView.Key(cluster.LocalSilo);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var cutoff = DateTime.UtcNow - options.Value.SessionIdleTimeout;
            foreach (var (id, session) in _sessions)
            {
                if (session.LastUsedUtc >= cutoff) continue;
                LogExpired(logger, id);
                await CloseAsync(id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Session} was idle too long: ended, its transaction rolled back")]
    private static partial void LogExpired(ILogger logger, string session);
}
