using System.Diagnostics;
using System.Text.Json;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Operations;

/// <summary>
/// CI stops a step with SIGTERM (Buildbot's interruptSignal='TERM', GitLab and GitHub Actions on cancel). The built
/// tool runs as a real child process against a Nexus that holds its first upload open; the test sends SIGTERM with
/// kill(1) — Process.Kill would be SIGKILL — and expects exit 130 within seconds and a --report that accounts for
/// every planned file.
/// </summary>
public sealed class SigtermTests
{
    private const int Files = 6;

    /// <param name="closePipes">Buildbot's Stop: the worker closes the process's pipes as it signals; writing "cancelled" must not abort the tool then.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SyncDir_Sigterm_Exits130WithinSeconds_AndTheReportAccountsForEveryFile(bool closePipes)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal");
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(Files);
        using var reportDir = new TempDir();
        using var hold = new ManualResetEventSlim();
        var uploading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nexus.BeforeStore = _ =>
        {
            uploading.TrySetResult();
            hold.Wait(TimeSpan.FromSeconds(60)); // Nexus is slow: the upload is in flight when the signal comes
        };
        var report = Path.Combine(reportDir.Path, "nexus-report.json");

        try
        {
            using var process = StartTool(["sync-dir", tree.Path, "--url", nexus.Url, "--raw-repository", "raw-h", "--retries", "0", "--parallel", "1", "--report", report]);
            var stdout = closePipes ? Task.FromResult("(stdout closed)") : process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = closePipes ? Task.FromResult("(stderr closed)") : process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await uploading.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            if (closePipes)
            {
                process.StandardOutput.Close();
                process.StandardError.Close();
            }

            await SendSigtermAsync(process.Id);
            var stopwatch = Stopwatch.StartNew();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            stopwatch.Stop();

            var output = await stdout + await stderr;
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {output}");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed} to stop: {output}");
            Assert.True(File.Exists(report), "no report: " + output);
            var reportText = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
            ReportSchema.AssertValid(reportText, "the report of the SIGTERM'd run");
            using var document = JsonDocument.Parse(reportText);
            Assert.Equal(130, document.RootElement.GetProperty("exitCode").GetInt32());
            var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(Files, items.Count);
            Assert.All(items, item =>
            {
                Assert.Equal("failed", item.GetProperty("action").GetString());
                var reason = item.GetProperty("reason").GetString() ?? string.Empty;
                Assert.True(reason.Contains("not attempted", StringComparison.Ordinal) || reason.Contains("cancelled", StringComparison.Ordinal), reason);
            });
            Assert.Equal(Files, document.RootElement.GetProperty("totals").GetProperty("failed").GetInt32());
            Assert.Empty(Directory.GetFiles(reportDir.Path, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
        }
        finally
        {
            hold.Set();
        }
    }

    /// <summary>An offline dry run has no await before its work: the signal must still stop it (a Stop of a gate step must not turn green).</summary>
    [Fact]
    public async Task OfflineDryRun_Sigterm_Exits130WithTheReport()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is a POSIX signal");
        using var tree = SyncRun.Tree(3000); // a plan longer than a pipe holds: the run blocks on stdout until the test reads it
        using var reportDir = new TempDir();
        var report = Path.Combine(reportDir.Path, "plan-report.json");
        using var process = StartTool(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h", "--report", report]);
        var note = await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("note: no Nexus URL", note, StringComparison.Ordinal);

        await SendSigtermAsync(process.Id);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var errors = await stderr;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {errors}");
        Assert.Contains("cancelled", errors, StringComparison.Ordinal);
        var reportText = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        ReportSchema.AssertValid(reportText, "the report of the stopped dry run");
        using var document = JsonDocument.Parse(reportText);
        Assert.Equal(130, document.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("cancelled", document.RootElement.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("totals").ValueKind); // the plan up to the stop, counted
    }

    /// <summary>
    /// A stop while the config file is still being read (a large one, or one on a slow share) must end in 130 with the
    /// report, not in the default action of SIGTERM (143, no report). The config is a FIFO: when the test's open for
    /// writing returns, the tool is inside its read of the config, so the signal lands there without any sleep.
    /// </summary>
    [Fact]
    public async Task ConfigStillLoading_Sigterm_Exits130WithTheReport()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM and FIFOs are POSIX");
        using var tree = SyncRun.Tree(3);
        using var dir = new TempDir();
        var config = Path.Combine(dir.Path, "nexus-push.json");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [config]))!)
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var report = Path.Combine(dir.Path, "report.json");
        using var process = StartTool(["sync-dir", tree.Path, "--config", config, "--dry-run", "--raw-repository", "raw-h", "--report", report]);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var writer = await Task.Run(() => new FileStream(config, FileMode.Open, FileAccess.Write), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        await SendSigtermAsync(process.Id);
        await using (writer)
        {
            await writer.WriteAsync("{}"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {output}");
        var reportText = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        ReportSchema.AssertValid(reportText, "the report of the run stopped while its config loaded");
        using var document = JsonDocument.Parse(reportText);
        Assert.Equal(130, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    private static Process StartTool(string[] args) => Process.Start(ToolProcess.Start(args))!;

    private static async Task SendSigtermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }
}
