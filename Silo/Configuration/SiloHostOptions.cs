using System.Net;
using OrleansDb.Cluster;

namespace OrleansDb.Silo.Configuration;

/// <summary>
/// How the silo process is hosted. Every option is settable as a command-line flag
/// (<c>--http-port 8080</c>), as configuration (<c>OrleansDb:HttpPort</c> in appsettings.json) or as an
/// environment variable (<c>OrleansDb__HttpPort</c>).
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary>Port of the HTTP gateway (and dashboard), on <see cref="ListenAddress"/>.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Where the archive engine keeps its data.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>cache, archive or both.</summary>
    public string Engine { get; set; } = "both";

    /// <summary>HOST:PORT of the primary silo's silo port, to join its cluster; empty for the primary itself.</summary>
    public string? Join { get; set; }

    /// <summary>The address the HTTP gateway listens on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Largest accepted HTTP request body, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    public string ClusterId { get; set; } = "dev";

    public string ServiceId { get; set; } = "orleansdb";

    /// <summary>The command-line flags and the configuration keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--http-port"] = "OrleansDb:HttpPort",
        ["--silo-port"] = "OrleansDb:SiloPort",
        ["--gateway-port"] = "OrleansDb:GatewayPort",
        ["--data-dir"] = "OrleansDb:DataDir",
        ["--engine"] = "OrleansDb:Engine",
        ["--join"] = "OrleansDb:Join",
        ["--listen-address"] = "OrleansDb:ListenAddress",
        ["--max-request-body-bytes"] = "OrleansDb:MaxRequestBodyBytes",
        ["--cluster-id"] = "OrleansDb:ClusterId",
        ["--service-id"] = "OrleansDb:ServiceId",
    };

    public EngineRole EngineRole => EngineRoles.Parse(Engine) ?? EngineRole.Both;

    /// <summary>The primary silo endpoint from <see cref="Join"/>, or null.</summary>
    public IPEndPoint? JoinEndpoint
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Join)) return null;
            int colon = Join.LastIndexOf(':');
            string host = Join[..colon];
            int port = int.Parse(Join[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            return new IPEndPoint(address, port);
        }
    }

    /// <summary>Every problem with the options, each naming its flag.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Port(string flag, int value)
        {
            if (value is < 1 or > 65535) errors.Add($"{flag} must be a port between 1 and 65535 (was {value})");
        }
        Port("--http-port", HttpPort);
        Port("--silo-port", SiloPort);
        Port("--gateway-port", GatewayPort);
        if (HttpPort == SiloPort || HttpPort == GatewayPort || SiloPort == GatewayPort)
        {
            errors.Add($"--http-port, --silo-port and --gateway-port must differ (were {HttpPort}, {SiloPort}, {GatewayPort})");
        }
        if (string.IsNullOrWhiteSpace(DataDir)) errors.Add("--data-dir must not be empty");
        if (EngineRoles.Parse(Engine) is null) errors.Add($"--engine must be cache, archive or both (was '{Engine}')");
        if (!string.IsNullOrWhiteSpace(Join))
        {
            int colon = Join.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(Join[(colon + 1)..], out int port) || port is < 1 or > 65535)
            {
                errors.Add($"--join must be HOST:PORT (was '{Join}')");
            }
            else
            {
                try
                {
                    _ = JoinEndpoint;
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    errors.Add($"--join host '{Join[..colon]}' cannot be resolved");
                }
            }
        }
        if (!IPAddress.TryParse(ListenAddress, out _)) errors.Add($"--listen-address must be an IP address (was '{ListenAddress}')");
        if (MaxRequestBodyBytes < 1024) errors.Add($"--max-request-body-bytes must be at least 1024 (was {MaxRequestBodyBytes})");
        if (string.IsNullOrWhiteSpace(ClusterId)) errors.Add("--cluster-id must not be empty");
        if (string.IsNullOrWhiteSpace(ServiceId)) errors.Add("--service-id must not be empty");
        return errors;
    }
}
