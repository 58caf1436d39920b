using NexusPush.Tests.Support;

namespace NexusPush.Tests.Operations;

/// <summary>Discoverability (issue 7): every verb's --help has examples; --version answers.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("upload")]
    [InlineData("sync-dir")]
    [InlineData("check")]
    [InlineData("repos")]
    public async Task Help_EachVerb_ShowsExamplesAndExits0(string verb)
    {
        var run = await CliRun.RunAsync([verb, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"nexus-push {verb}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Upload_ListsPreflightAndIndexWaitOptionsButNotTheHiddenInterval()
    {
        var run = await CliRun.RunAsync(["upload", "--help"]);

        Assert.Contains("--no-preflight", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--wait-index", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--ca-file", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--wait-index-interval", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheVersionAndExits0()
    {
        var run = await CliRun.RunAsync(["--version"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Stdout);
    }
}
