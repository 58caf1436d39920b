using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Operations;

/// <summary>
/// When Nexus is down, a CI log gets the cause once (stderr) and one short line per file (stdout), not every file's
/// 200-character copy of the same cause twice; the JSON report still carries each item's full reason.
/// </summary>
public sealed class NexusDownOutputTests
{
    private const int Files = 5;

    [Fact]
    public async Task SyncDir_NexusDownWithFallback_OneShortStdoutLinePerFileAndTheCauseOnceOnStderr()
    {
        using var dir = new TempDir();
        var report = Path.Combine(dir.Path, "run.json");
        var fallback = Path.Combine(dir.Path, "fb");

        var run = await RunAsync(dir, "--fallback-dir", fallback, "--report", report);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        var items = ItemLines(run.Stdout);
        Assert.Equal(Files, items.Count);
        Assert.All(items, line => Assert.Matches(@"^fallback  f\d\.bin -> raw-hosted/f\d\.bin \(saved to .*fb/f\d\.bin\)$", line));
        Assert.Equal(1, Occurrences(run.Stderr, "stayed unreachable"));
        Assert.DoesNotContain("stayed unreachable", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Fallback\"", run.Stderr, StringComparison.Ordinal);
        AssertEveryReportItemHasTheFullCause(report, Files);
    }

    [Fact]
    public async Task SyncDir_NexusDownWithoutFallback_OneShortFailedLinePerFileAndTheCauseOnceOnStderr()
    {
        using var dir = new TempDir();
        var report = Path.Combine(dir.Path, "run.json");

        var run = await RunAsync(dir, "--report", report);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        var items = ItemLines(run.Stdout);
        Assert.Equal(Files, items.Count);
        Assert.All(items, line => Assert.Matches(@"^failed    f\d\.bin -> raw-hosted/f\d\.bin \(Nexus at 127\.0\.0\.1:\d+ unreachable, see above\)$", line));
        Assert.Equal(1, Occurrences(run.Stderr, "stayed unreachable"));
        AssertEveryReportItemHasTheFullCause(report, Files);
    }

    private static async Task<CliOutcome> RunAsync(TempDir dir, params string[] more)
    {
        for (var i = 0; i < Files; i++)
        {
            dir.Write($"out/f{i}.bin", $"content {i}");
        }

        return await CliRun.RunAsync(["sync-dir", Path.Combine(dir.Path, "out"), "--raw-repository", "raw-hosted", "--url", ClosedPort.Url(), "--retries", "2", "--retry-delay", "0.01", .. more])
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    /// <summary>Every stdout line but the summary ("5 files: …").</summary>
    private static List<string> ItemLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith($"{Files} files:", StringComparison.Ordinal) && !line.Contains(" to Nexus: ", StringComparison.Ordinal))
            .ToList();

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static void AssertEveryReportItemHasTheFullCause(string report, int count)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(count, items.Count);
        Assert.All(items, item => Assert.Contains("stayed unreachable", item.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.All(items, item => Assert.Matches(@"^Nexus at 127\.0\.0\.1:\d+ unreachable$", item.GetProperty("runWideCause").GetString()));
    }
}
