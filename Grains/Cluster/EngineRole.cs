namespace OrleansDb.Cluster;

/// <summary>What an engine (silo) does: run SQL and cache atoms, hold everything durably, or both.</summary>
public enum EngineRole
{
    Both,
    Cache,
    Archive,
}

public static class EngineRoles
{
    /// <summary>The silo metadata key that carries the role.</summary>
    public const string MetadataKey = "engine";

    public static string ToMetadata(this EngineRole role) => role switch
    {
        EngineRole.Cache => "cache",
        EngineRole.Archive => "archive",
        _ => "both",
    };

    public static EngineRole? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "cache" => EngineRole.Cache,
        "archive" => EngineRole.Archive,
        "both" => EngineRole.Both,
        _ => null,
    };

    public static bool IsCache(this EngineRole role) => role is EngineRole.Cache or EngineRole.Both;

    public static bool IsArchive(this EngineRole role) => role is EngineRole.Archive or EngineRole.Both;

    /// <summary>Whether a silo whose metadata says <paramref name="metadata"/> can host grains that need <paramref name="required"/>.</summary>
    public static bool Serves(string? metadata, EngineRole required)
    {
        var role = Parse(metadata);
        if (role is null) return false;
        return required switch
        {
            EngineRole.Cache => role.Value.IsCache(),
            EngineRole.Archive => role.Value.IsArchive(),
            _ => true,
        };
    }
}
