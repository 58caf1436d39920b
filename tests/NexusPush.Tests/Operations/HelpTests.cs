using NexusPush.Tests.Support;

namespace NexusPush.Tests.Operations;

/// <summary>Discoverability: every verb's --help has examples; --version answers.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("upload")]
    [InlineData("sync-dir")]
    [InlineData("check")]
    [InlineData("repos")]
    [InlineData("replay")]
    public async Task Help_EachVerb_ShowsExamplesAndExits0(string verb)
    {
        var run = await CliRun.RunAsync([verb, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"nexus-push {verb}", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upload", new[] { 0, 1, 2, 3, 4, 5, 130 })]
    [InlineData("sync-dir", new[] { 0, 1, 2, 3, 4, 5, 130 })]
    [InlineData("replay", new[] { 0, 1, 2, 3, 4, 130 })]
    [InlineData("check", new[] { 0, 1, 2, 3 })]
    public async Task Help_VerbsThatRun_ListTheirExitCodes(string verb, int[] codes)
    {
        var run = await CliRun.RunAsync([verb, "--help"]);

        var section = run.Stdout[run.Stdout.IndexOf("Exit codes:", StringComparison.Ordinal)..];
        foreach (var code in codes)
        {
            Assert.Matches($@"\n +{code} +\S", section);
        }
    }

    /// <summary>Defaults are shown as they are typed on the command line: an enum's member name ("Text") is not.</summary>
    [Theory]
    [InlineData("upload")]
    [InlineData("sync-dir")]
    [InlineData("replay")]
    [InlineData("check")]
    [InlineData("repos")]
    public async Task Help_Defaults_AreWrittenAsTyped(string verb)
    {
        var run = await CliRun.RunAsync([verb, "--help"]);

        Assert.Contains("[default: ", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\[default: [A-Z]", run.Stdout);
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
