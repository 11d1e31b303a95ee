using OrleansDb.Configuration;

namespace OrleansDb.Tests.Engine;

/// <summary>A one-silo cluster whose record atoms split at the smallest allowed size, so a few thousand rows span many atoms.</summary>
public sealed class SmallAtomClusterFixture : EngineClusterFixture
{
    public const int SplitBytes = 1024;

    protected override void Configure(OrleansDbOptions options) => options.AtomSplitBytes = SplitBytes;
}
