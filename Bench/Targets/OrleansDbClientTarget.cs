using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansDb.Client;
using OrleansDb.Hosting;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// OrleansDb through the .NET client (<see cref="OrleansDbClient"/>) over an Orleans gateway. The
/// workers share one Orleans client, which multiplexes their calls over its gateway connection, as
/// an application's threads would; a transaction is the client's <see cref="OrleansDbTransaction"/>.
/// </summary>
public sealed class OrleansDbClientTarget : IBenchTarget
{
    private readonly IPEndPoint? _gateway;
    private readonly string _clusterId;
    private readonly string _serviceId;
    private IHost? _host;
    private OrleansDbClient? _client;

    /// <summary>A target that connects its own Orleans client to <paramref name="gateway"/>.</summary>
    public OrleansDbClientTarget(IPEndPoint gateway, string clusterId, string serviceId)
    {
        _gateway = gateway;
        _clusterId = clusterId;
        _serviceId = serviceId;
    }

    /// <summary>A target over an Orleans client someone else connected (an in-process test cluster's).</summary>
    public OrleansDbClientTarget(IClusterClient cluster)
    {
        _clusterId = _serviceId = "";
        _client = new OrleansDbClient(cluster);
    }

    public string Name => "orleansdb-client";

    public TargetFamily Family => TargetFamily.OrleansDb;

    public async Task<string> OpenAsync(CancellationToken cancellationToken)
    {
        if (_gateway is null) return "OrleansDb over an in-process Orleans client";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error); // a timed-out call is counted as an error with its message; the client need not print it too
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(_gateway);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = _serviceId;
            });
        });
        builder.Services.AddOrleansDbClient();
        _host = builder.Build();
        try
        {
            await _host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            throw new TargetUnavailableException($"--gateway: no OrleansDb gateway answers at {_gateway}: {e.GetBaseException().Message}", e);
        }
        _client = _host.Services.GetRequiredService<OrleansDbClient>();
        await _client.QueryAsync("SELECT 1");
        return $"OrleansDb over the .NET client, gateway {_gateway} (cluster {_clusterId}, service {_serviceId})";
    }

    public Task<IBenchSession> OpenSessionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IBenchSession>(new ClientSqlSession(_client ?? throw new InvalidOperationException("the target is not open")));

    public async ValueTask DisposeAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
    }
}
