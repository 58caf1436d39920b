using NexusPush.Cli;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reporting;

/// <summary>
/// An output (--report, --plan-out, --journal) that names an input or lies inside a scanned tree is refused with exit 2
/// before anything is removed, and a file at the report path that is not an earlier report of the tool is never removed.
/// </summary>
public sealed class OutputPathTests
{
    private const string Unreachable = "http://127.0.0.1:1/";

    [Fact]
    public async Task Upload_ReportNamesTheFileToUpload_RefusedAndTheFileKept()
    {
        using var folder = new TempDir();
        var precious = folder.Write("precious.txt", "precious");

        var outcome = await RunAsync(["upload", precious, "-r", "raw-h", "--url", Unreachable, "--report", precious]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("precious", File.ReadAllText(precious));
        Assert.Contains("--report", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("is also an input", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ReportIsALinkToTheFileToUpload_Refused()
    {
        using var folder = new TempDir();
        var precious = folder.Write("dist/precious.txt", "precious");
        var link = Path.Combine(folder.Path, "report.json");
        File.CreateSymbolicLink(link, precious);

        var outcome = await RunAsync(["upload", precious, "-r", "raw-h", "--url", Unreachable, "--report", link]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("precious", File.ReadAllText(precious));
    }

    [Fact]
    public async Task Upload_JournalNamesTheFileToUpload_Refused()
    {
        using var folder = new TempDir();
        var precious = folder.Write("precious.txt", "precious");

        var outcome = await RunAsync(["upload", precious, "-r", "raw-h", "--url", Unreachable, "--journal", Path.Combine(folder.Path, ".", "precious.txt")]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("precious", File.ReadAllText(precious));
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--plan-out")]
    public async Task SyncDir_OutputInsideTheScannedTree_RefusedAndNothingRemoved(string option)
    {
        using var folder = new TempDir();
        folder.Write("rt/a.txt", "a");
        var inside = folder.Write("rt/sub/rr.txt", "an artifact");
        var viaLink = Path.Combine(folder.Path, "elsewhere");
        Directory.CreateSymbolicLink(viaLink, Path.Combine(folder.Path, "rt", "sub"));

        var direct = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", option, inside]);
        var linked = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", option, Path.Combine(viaLink, "new.json")]);

        Assert.Equal(2, direct.ExitCode);
        Assert.Contains("inside", direct.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, linked.ExitCode);
        Assert.Equal("an artifact", File.ReadAllText(inside));
        Assert.False(File.Exists(Path.Combine(folder.Path, "rt", "sub", "new.json")));
    }

    [Fact]
    public async Task SyncDir_ReportNamesTheConfigFile_Refused()
    {
        using var folder = new TempDir();
        folder.Write("rt/a.txt", "a");
        var config = folder.Write("migration.json", """{ "rules": [] }""");

        var outcome = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", "--config", config, "--report", config]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("""{ "rules": [] }""", File.ReadAllText(config));
    }

    [Fact]
    public async Task Replay_ReportInsideTheFallbackFolder_Refused()
    {
        using var folder = new TempDir();
        var kept = folder.Write("spool/report.json", "not a report");

        var outcome = await RunAsync(["replay", Path.Combine(folder.Path, "spool"), "--url", Unreachable, "--report", kept]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("not a report", File.ReadAllText(kept));
    }

    [Theory]
    [InlineData("notes, not JSON")]
    [InlineData("""{ "items": [], "count": 0 }""")]
    public async Task SyncDir_ReportPathHoldsAnotherFile_RefusedAndTheFileKept(string content)
    {
        using var folder = new TempDir();
        folder.Write("rt/a.txt", "a");
        var other = folder.Write("out/notes.txt", content);

        var outcome = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", "--report", other]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("not a report of nexus-push", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(other));
    }

    [Fact]
    public async Task SyncDir_ReportPathHoldsAnEarlierReport_IsReplaced()
    {
        using var folder = new TempDir();
        folder.Write("rt/a.txt", "a");
        var report = Path.Combine(folder.Path, "out", "report.json");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);

        var first = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", "--report", report]);
        var firstText = File.ReadAllText(report);
        var second = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", "--report", report]);

        Assert.Equal(0, first.ExitCode);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("\"schemaVersion\"", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.NotEqual(firstText, File.ReadAllText(report));
    }

    [Fact]
    public async Task SyncDir_PlanOutAndReportTheSameFile_Refused()
    {
        using var folder = new TempDir();
        folder.Write("rt/a.txt", "a");
        var both = Path.Combine(folder.Path, "out.json");

        var outcome = await RunAsync(["sync-dir", Path.Combine(folder.Path, "rt"), "--dry-run", "--raw-repository", "raw-h", "--report", both, "--plan-out", both]);

        Assert.Equal(2, outcome.ExitCode);
    }

    /// <summary>The entry point without <see cref="CliRun"/>'s report check: the file a refused --report names is the input, not a report.</summary>
    private static async Task<CliOutcome> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, ProcessEnvironment.FromDictionary(new Dictionary<string, string>()), cancellationToken: TestContext.Current.CancellationToken);
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }
}
