using System.Net;
using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Compare;

/// <summary>The targets <c>compare</c> knows, by the names the command line and the result files use.</summary>
public static class TargetCatalog
{
    public static IReadOnlyList<string> Names => ["orleansdb-http", "orleansdb-client", "postgresql", "sqlite-full", "sqlite-normal"];

    public static IBenchTarget Create(string name, CompareSettings settings, string sqliteDirectory) => name switch
    {
        "orleansdb-http" => new OrleansDbHttpTarget(new Uri(settings.HttpUrl)),
        "orleansdb-client" => new OrleansDbClientTarget(IPEndPoint.Parse(settings.Gateway), settings.ClusterId, settings.ServiceId),
        "postgresql" => new PostgresTarget(settings.PostgresConnection, settings.PostgresAutoPrepare),
        "sqlite-full" => SqliteTarget.InDirectory(sqliteDirectory, "FULL"),
        "sqlite-normal" => SqliteTarget.InDirectory(sqliteDirectory, "NORMAL"),
        _ => throw new ArgumentException($"unknown target '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}
