using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansDb.Configuration;
using OrleansDb.Hosting;
using OrleansDb.Silo.Configuration;
using OrleansDb.Silo.Http;

namespace OrleansDb.Silo;

/// <summary>
/// The OrleansDb silo process: one engine (cache, archive or both) with the HTTP gateway, the Orleans
/// client gateway and the dashboard. Options come from flags, configuration and environment; invalid
/// options stop start-up with a message naming the option. Ctrl-C and SIGTERM shut down cleanly.
/// </summary>
public static class SiloHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args, out var errors);
        if (app is null)
        {
            foreach (var error in errors) Console.Error.WriteLine($"error: {error}");
            return 2;
        }
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error: --http-port: cannot listen on the HTTP port: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: the silo stopped: {e.GetBaseException().Message}");
            return 1;
        }
    }

    /// <summary>Builds the silo's web application, or returns null with the option errors.</summary>
    public static WebApplication? Build(string[] args, out IReadOnlyList<string> errors)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, SiloHostOptions.SwitchMappings.ToDictionary());
        var section = builder.Configuration.GetSection("OrleansDb");
        SiloHostOptions options;
        try
        {
            options = section.Get<SiloHostOptions>() ?? new SiloHostOptions();
            errors = options.Validate();
            if (errors.Count > 0) return null;
            // The engine's tuning options (OrleansDb:PlanCacheSize, ...) share the section; bind them once to check them.
            section.Bind(new OrleansDbOptions());
        }
        catch (InvalidOperationException e)
        {
            errors = [NameTheFlag(e.Message)];
            return null;
        }
        Directory.CreateDirectory(options.DataDir);

        builder.Services.Configure<SiloHostOptions>(section);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.HttpPort);
            kestrel.Limits.MaxRequestBodySize = null; // the SQL endpoint enforces its own limit with a JSON error
        });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.JoinEndpoint, options.ServiceId, options.ClusterId);
            silo.Configure<ClusterMembershipOptions>(m =>
            {
                m.ProbeTimeout = TimeSpan.FromSeconds(2);
                m.NumMissedProbesLimit = 2;
                m.NumVotesForDeathDeclaration = 1;
            });
            silo.UseInMemoryReminderService();
            silo.AddDashboard();
            silo.AddOrleansDb(o =>
            {
                section.Bind(o); // checked above
                o.Engine = options.EngineRole;
            });
        });
        var app = builder.Build();
        app.MapOrleansDbHttpApi();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }

    /// <summary>Turns a configuration binding error into one that names the command-line flag.</summary>
    private static string NameTheFlag(string message)
    {
        foreach (var (flag, key) in SiloHostOptions.SwitchMappings)
        {
            if (message.Contains($"'{key}'", StringComparison.OrdinalIgnoreCase)) return $"{flag}: {message}";
        }
        return message;
    }
}
