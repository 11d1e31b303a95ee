using System.Diagnostics.CodeAnalysis;

namespace OrleansDb.SqlLogicTest;

/// <summary>Backends selectable with <c>--backend</c>: name → database factory.</summary>
public static class SqlLogicBackends
{
    public const string Sqlite = "sqlite";
    public const string OrleansDb = "orleansdb";

    private static readonly Dictionary<string, Func<ISqlLogicDatabaseFactory>> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [Sqlite] = () => new SqliteDatabaseFactory(),
            [OrleansDb] = () => new OrleansDbDatabaseFactory(),
            ["postgresql"] = () => new PostgresDatabaseFactory(),
        };

    // Known names whose backend is not written yet: selecting one gives a clear message.
    private static readonly HashSet<string> Planned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names of the registered backends.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary><c>orleansdb</c> once it is registered, else <c>sqlite</c>.</summary>
    public static string DefaultName => Factories.ContainsKey(OrleansDb) ? OrleansDb : Sqlite;

    /// <summary>Registers (or replaces) a backend.</summary>
    public static void Register(string name, Func<ISqlLogicDatabaseFactory> create) => Factories[name] = create;

    /// <summary>True when <paramref name="name"/> is a known backend that is not available yet.</summary>
    public static bool IsPlanned(string name) => Planned.Contains(name) && !Factories.ContainsKey(name);

    public static bool TryCreate(string name, [NotNullWhen(true)] out ISqlLogicDatabaseFactory? factory)
    {
        factory = Factories.TryGetValue(name, out var create) ? create() : null;
        return factory is not null;
    }
}
