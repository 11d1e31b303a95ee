using Microsoft.Extensions.Options;

namespace OrleansDb.Configuration;

/// <summary>Rejects engine options outside their sensible ranges, naming the option.</summary>
public sealed class OrleansDbOptionsValidator : IValidateOptions<OrleansDbOptions>
{
    public ValidateOptionsResult Validate(string? name, OrleansDbOptions options)
    {
        var errors = new List<string>();
        if (options.AtomSplitBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"OrleansDb:AtomSplitBytes must be between 1024 and 67108864 (was {options.AtomSplitBytes})");
        }
        if (options.VersionWaitTimeout < TimeSpan.FromSeconds(1) || options.VersionWaitTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"OrleansDb:VersionWaitTimeout must be between 1 second and 1 hour (was {options.VersionWaitTimeout})");
        }
        if (options.SessionIdleTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"OrleansDb:SessionIdleTimeout must be at least 1 second (was {options.SessionIdleTimeout})");
        }
        if (options.IdBlockSize is < 1 or > 1 << 20)
        {
            errors.Add($"OrleansDb:IdBlockSize must be between 1 and 1048576 (was {options.IdBlockSize})");
        }
        if (options.JournalSegmentBytes is < 4096 or > 1L << 32)
        {
            errors.Add($"OrleansDb:JournalSegmentBytes must be between 4096 and 4294967296 (was {options.JournalSegmentBytes})");
        }
        if (options.CacheMemoryBytes < 64 * 1024)
        {
            errors.Add($"OrleansDb:CacheMemoryBytes must be at least 65536 (was {options.CacheMemoryBytes})");
        }
        if (options.CheckpointJournalBytes < 4096)
        {
            errors.Add($"OrleansDb:CheckpointJournalBytes must be at least 4096 (was {options.CheckpointJournalBytes})");
        }
        if (options.PlanCacheSize is < 0 or > 1 << 20)
        {
            errors.Add($"OrleansDb:PlanCacheSize must be between 0 and 1048576 (was {options.PlanCacheSize})");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
