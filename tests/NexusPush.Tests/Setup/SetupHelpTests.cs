using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary>The two provisioning verbs are discoverable like the others: --help with examples.</summary>
public sealed class SetupHelpTests
{
    [Theory]
    [InlineData("setup", "--dry-run")]
    [InlineData("client-config", "--write")]
    public async Task Help_ShowsExamplesAndItsOptions(string verb, string option)
    {
        var run = await CliRun.RunAsync([verb, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"nexus-push {verb}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
    }
}
