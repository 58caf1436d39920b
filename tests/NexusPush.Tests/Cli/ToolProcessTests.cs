using System.Text.Json;
using System.Text.RegularExpressions;
using NexusPush.Tests.Formats;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Cli;

/// <summary>
/// The key scenarios end to end through the tool as a process (<see cref="ToolProcess"/>): in the suite against the
/// JIT build, and in .ci/run's AOT tier against the installed Native AOT executable, where whatever trimming or
/// ahead-of-time compilation breaks (help and --version from attributes, JSON contexts, log templates, the package
/// readers) shows up as a failing test instead of in a user's build step.
/// </summary>
public sealed partial class ToolProcessTests
{
    [Fact]
    public async Task Version_PrintsTheInformationalVersion()
    {
        var run = await ToolProcess.RunAsync(["--version"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(VersionLine(), run.Stdout);
    }

    [Fact]
    public async Task Help_ListsEveryVerb_AndAVerbsOptions()
    {
        var top = await ToolProcess.RunAsync(["--help"]);
        var upload = await ToolProcess.RunAsync(["upload", "--help"]);

        Assert.Equal(0, top.ExitCode);
        foreach (var verb in new[] { "upload", "sync-dir", "replay", "check", "repos", "setup", "client-config" })
        {
            Assert.Contains(verb, top.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, upload.ExitCode);
        Assert.Contains("--repository", upload.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes", upload.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upload_Rpm_Verbose_Json_StoresItVerified()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        var rpm = PackageFixtures.PathOf("tool-3.1.4-7.el9.x86_64.rpm");

        var run = await ToolProcess.RunAsync(["-v", "--output", "json", "--url", nexus.Url, "--retries", "0", "upload", rpm, "-r", "yum-h", "-d", "el9/x86_64"]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(PackageFixtures.Bytes("tool-3.1.4-7.el9.x86_64.rpm"), nexus.StoredAt("yum-h", "/el9/x86_64/tool-3.1.4-7.el9.x86_64.rpm"));
        ReportSchema.AssertValid(run.Stdout, "the JSON report of the process run");
        using var report = JsonDocument.Parse(run.Stdout);
        var item = Assert.Single(report.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("uploaded", item.GetProperty("action").GetString());
        Assert.Equal(64, item.GetProperty("sha256").GetString()!.Length);

        // -v: the log's templates render their values (no "{File}" left, no reflection-dependent blanks).
        Assert.Contains("yum-h", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("{", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_WithReport_ThenAgain_SkipsEverythingAsIdentical()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(12);
        using var reports = new TempDir();
        var first = Path.Combine(reports.Path, "first.json");
        var second = Path.Combine(reports.Path, "second.json");
        string[] args = ["sync-dir", tree.Path, "--url", nexus.Url, "--raw-repository", "raw-h", "--retries", "0"];

        var run1 = await ToolProcess.RunAsync([.. args, "--report", first]);
        var run2 = await ToolProcess.RunAsync([.. args, "--report", second]);

        Assert.True(run1.ExitCode == 0, run1.Stdout + run1.Stderr);
        Assert.True(run2.ExitCode == 0, run2.Stdout + run2.Stderr);
        Assert.Equal(12, nexus.StoredUploads.Count);
        var firstText = await File.ReadAllTextAsync(first, TestContext.Current.CancellationToken);
        var secondText = await File.ReadAllTextAsync(second, TestContext.Current.CancellationToken);
        ReportSchema.AssertValid(firstText, "the first sync's report");
        ReportSchema.AssertValid(secondText, "the second sync's report");
        Assert.All(SyncRun.Items(firstText), i => Assert.Equal("uploaded", i.Action));
        Assert.All(SyncRun.Items(secondText), i => Assert.Equal(("skipped", "identical"), (i.Action, i.Reason)));
    }

    [Fact]
    public async Task Upload_CredentialsRefused_Exits3WithOneSentence()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        nexus.On(_ => true, FaultAction.Answer(401), times: -1);
        using var dir = new TempDir();
        var file = dir.Write("a.txt", "content");

        var run = await ToolProcess.RunAsync(["upload", file, "-r", "raw-h", "--url", nexus.Url, "--retries", "0"], new Dictionary<string, string> { ["NEXUS_USERNAME"] = "ci", ["NEXUS_PASSWORD"] = "wrong" });

        Assert.True(run.ExitCode == 3, run.Stdout + run.Stderr);
        Assert.Contains("ci", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9a-f]+)?\n$")]
    private static partial Regex VersionLine();
}
