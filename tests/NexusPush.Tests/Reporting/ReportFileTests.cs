using System.Text.Json;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Reporting;

/// <summary>The --report file is always this run's: written on every exit, atomically, and never the previous build's.</summary>
public sealed class ReportFileTests
{
    [Fact]
    public async Task SyncDir_StopsWithExit2_ReportHoldsTheErrorAndTheExitCode()
    {
        using var folder = new TempDir();
        var report = OldReport(folder);

        // No such directory: exit 2 before anything is planned.
        var outcome = await CliRun.RunAsync(["sync-dir", Path.Combine(folder.Path, "missing"), "--dry-run", "--report", report]);

        Assert.Equal(2, outcome.ExitCode);
        using var json = Read(report);
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Contains("does not exist", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("totals").ValueKind);
    }

    [Fact]
    public async Task Upload_BadCommandLine_StillReplacesTheOldReport()
    {
        using var folder = new TempDir();
        var report = OldReport(folder);
        var file = folder.Write("a.txt", "a");

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw-h", "--url", "http://127.0.0.1:1/", "--parallel", "0", "--report", report]);

        Assert.Equal(2, outcome.ExitCode);
        using var json = Read(report);
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Contains("--parallel", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_CredentialsRefused_ReportHoldsExit3AndTheError()
    {
        using var nexus = new NexusFake();
        nexus.StubHealthy().StubRepository("raw-h", "raw");
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod()).AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401));
        using var folder = new TempDir();
        var report = OldReport(folder);
        var file = folder.Write("a.txt", "a");

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw-h", "--url", nexus.Url, "--report", report], new Dictionary<string, string> { ["NEXUS_USERNAME"] = "u", ["NEXUS_PASSWORD"] = "p" });

        Assert.Equal(3, outcome.ExitCode);
        using var json = Read(report);
        Assert.Equal(3, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task SyncDir_Cancelled_ReportHoldsExit130()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(20);
        using var folder = new TempDir();
        var report = OldReport(folder);
        using var cancel = new CancellationTokenSource();
        nexus.BeforeStore = _ => cancel.Cancel();

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, cancel.Token, "--parallel", "1", "--report", report).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(130, outcome.ExitCode);
        using var json = Read(report);
        Assert.Equal(130, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(20, json.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task SyncDir_CancelledBeforeAnyFileHadAResult_ReportSaysWhatWasInterrupted()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(5);
        using var folder = new TempDir();
        var report = OldReport(folder);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync(); // the stop comes while the run prepares (the preflight, the plan)

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, cancel.Token, "--report", report).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(130, outcome.ExitCode);
        using var json = Read(report);
        Assert.Equal(130, json.RootElement.GetProperty("exitCode").GetInt32());
        var error = json.RootElement.GetProperty("error").GetString() ?? string.Empty;
        Assert.Contains("before every file had a result", error, StringComparison.Ordinal);
        Assert.Contains("the report lists only the files that finished", error, StringComparison.Ordinal);
        Assert.Empty(nexus.StoredUploads);
    }

    [Fact]
    public async Task SyncDir_WhileRunning_NoReportAtThePath_AndAfterwardsOnlyTheReport()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(5);
        using var folder = new TempDir();
        var report = OldReport(folder);
        var seenDuringRun = new List<bool>();
        nexus.BeforeStore = _ =>
        {
            lock (seenDuringRun)
            {
                seenDuringRun.Add(File.Exists(report));
            }
        };

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--report", report);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(5, seenDuringRun.Count);
        Assert.All(seenDuringRun, Assert.False);
        using var json = Read(report);
        Assert.Equal(0, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("error").ValueKind);
        Assert.Equal(5, json.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal([Path.GetFileName(report)], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    private static string OldReport(TempDir folder)
    {
        var path = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(path, """{"schemaVersion":1,"tool":"nexus-push","items":[],"totals":{},"exitCode":0,"previous":"build"}""");
        return path;
    }

    private static JsonDocument Read(string path)
    {
        Assert.True(File.Exists(path), "no report at " + path);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("previous", text, StringComparison.Ordinal);
        ReportSchema.AssertValid(text, "the report file");
        return JsonDocument.Parse(text);
    }
}
