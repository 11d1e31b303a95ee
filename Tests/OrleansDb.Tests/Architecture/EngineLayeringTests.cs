using System.Text.RegularExpressions;
using Xunit;

namespace OrleansDb.Tests.Architecture;

/// <summary>The SQL engine and the storage layer are plain C#: no file under Grains/Sql or Grains/Storage uses Orleans.</summary>
public sealed partial class EngineLayeringTests
{
    [GeneratedRegex(@"\bOrleans\.(?!Db\b)|\busing Orleans;|\b(Grain|IGrainFactory|SiloAddress|GrainId)\b")]
    private static partial Regex OrleansReference();

    [Theory]
    [InlineData("Grains/Sql")]
    [InlineData("Grains/Storage")]
    public void Engine_Layer_Does_Not_Reference_Orleans(string folder)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && OrleansReference().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepositoryPaths.Root, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }
}
