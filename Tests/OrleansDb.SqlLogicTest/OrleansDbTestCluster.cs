using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Hosting;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Builds an in-process Orleans cluster whose silos are OrleansDb engines, for tests and the
/// sqllogictest runner. Silo i gets the engine role roleOf(i) (default: both).
/// </summary>
public static class OrleansDbTestCluster
{
    public static async Task<InProcessTestCluster> StartAsync(
        int silos = 1,
        Func<int, EngineRole>? roleOf = null,
        Action<OrleansDbOptions>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, silo) =>
        {
            int index = int.Parse(options.SiloName.AsSpan(options.SiloName.LastIndexOf('_') + 1), System.Globalization.CultureInfo.InvariantCulture);
            silo.AddOrleansDb(o =>
            {
                o.Engine = roleOf?.Invoke(index) ?? EngineRole.Both;
                configure?.Invoke(o);
            });
        });
        if (Environment.GetEnvironmentVariable("ORLEANSDB_TEST_LOG") is { Length: > 0 } level)
        {
            // ORLEANSDB_TEST_LOG=Warning (or Information, Debug) writes the silos' logs to the console.
            builder.ConfigureSiloHost((_, host) =>
            {
                host.Logging.AddConsole();
                host.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(level, ignoreCase: true));
            });
        }
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Runs SQL through the Orleans client path (client → gateway silo → <see cref="ISqlGrain"/>).</summary>
    public static Task<SqlResponse> ExecuteAsync(this InProcessTestCluster cluster, string sql, params object?[] parameters) =>
        cluster.Client.GetGrain<ISqlGrain>(0).Execute(new SqlRequest { Sql = sql, Parameters = parameters });

    public static T SiloService<T>(this InProcessTestCluster cluster, int silo) where T : notnull =>
        cluster.Silos[silo].SiloHost.Services.GetRequiredService<T>();
}
