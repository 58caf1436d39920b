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

    [Fact]
    public async Task SyncDir_Sigterm_Exits130WithinSeconds_AndTheReportAccountsForEveryFile()
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
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await uploading.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

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

    private static Process StartTool(string[] args) => Process.Start(ToolProcess.Start(args))!;

    private static async Task SendSigtermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }
}
