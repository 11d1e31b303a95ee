using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansDb.Client;

namespace OrleansDb.Hosting;

public static class OrleansDbClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OrleansDbClient"/> over the application's Orleans <see cref="IClusterClient"/>
    /// (configure that with <c>UseOrleansClient</c>, pointing at the silos' gateways).
    /// </summary>
    public static IServiceCollection AddOrleansDbClient(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new OrleansDbClient(sp.GetRequiredService<IClusterClient>()));
        return services;
    }
}
