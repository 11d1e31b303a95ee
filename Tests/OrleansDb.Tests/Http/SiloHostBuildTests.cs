using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansDb.Configuration;
using OrleansDb.Silo;
using Xunit;

namespace OrleansDb.Tests.Http;

/// <summary>Invalid silo options stop <see cref="SiloHost.Build"/> with an error that names the flag.</summary>
public sealed class SiloHostBuildTests
{
    [Theory]
    [InlineData("--http-port", "0")]
    [InlineData("--http-port", "abc")]
    [InlineData("--silo-port", "70000")]
    [InlineData("--engine", "bogus")]
    [InlineData("--join", "nonsense")]
    [InlineData("--join", "127.0.0.1:0")]
    [InlineData("--listen-address", "not-an-ip")]
    [InlineData("--max-request-body-bytes", "10")]
    public void Invalid_Option_Returns_No_App_And_An_Error_Naming_The_Flag(string flag, string value)
    {
        var app = SiloHost.Build([flag, value], out var errors);

        Assert.Null(app);
        Assert.Contains(errors, e => e.Contains(flag, StringComparison.Ordinal));
    }

    [Fact]
    public void Equal_Ports_Are_Rejected()
    {
        var app = SiloHost.Build(["--http-port", "5000", "--silo-port", "5000"], out var errors);

        Assert.Null(app);
        Assert.Contains(errors, e => e.Contains("--http-port", StringComparison.Ordinal) && e.Contains("--silo-port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engine_Options_Are_Read_From_The_OrleansDb_Section()
    {
        var dataDir = Directory.CreateTempSubdirectory("orleansdb-options-");
        try
        {
            var app = SiloHost.Build(["--data-dir", dataDir.FullName, "--OrleansDb:PlanCacheSize", "0", "--OrleansDb:IdBlockSize", "17"], out var errors);

            Assert.Empty(errors);
            Assert.NotNull(app);
            var options = app.Services.GetRequiredService<IOptions<OrleansDbOptions>>().Value;
            Assert.Equal(0, options.PlanCacheSize);
            Assert.Equal(17, options.IdBlockSize);
            await app.DisposeAsync();
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_Engine_Option_Of_The_Wrong_Type_Is_Rejected()
    {
        var app = SiloHost.Build(["--OrleansDb:PlanCacheSize", "many"], out var errors);

        Assert.Null(app);
        Assert.Contains(errors, e => e.Contains("PlanCacheSize", StringComparison.Ordinal));
    }
}
