using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Execution;

/// <summary>
/// A tree that changes between the scan and the upload: a file deleted, replaced by a directory or by a link leading
/// out is failed once, before any byte goes to Nexus, saying what happened — never "the connection to Nexus broke",
/// never retried, and it never pauses the run for the files that are still there.
/// </summary>
public sealed class ChangedSinceScanTests : IDisposable
{
    private static readonly string[] Names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"];
    private readonly TempDir _dir = new();

    public ChangedSinceScanTests() => Assert.SkipWhen(OperatingSystem.IsWindows(), "Symbolic links need privileges on Windows.");

    private string Tree => Path.Combine(_dir.Path, "tree");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("sync-dir")]
    [InlineData("upload")]
    public async Task FilesGoneOrReplacedAfterPlanning_FailedOnceNoPostNoRetryOthersUploaded(string command)
    {
        foreach (var name in Names)
        {
            _dir.Write("tree/" + name, "content of " + name);
        }

        var outside = _dir.Write("outside/d.txt", "SECRET outside"); // same size as "content of d.txt"
        await using var nexus = await KestrelNexus.StartAsync();
        nexus.BeforeStore = path =>
        {
            if (path == "/a.txt")
            {
                File.Delete(Path.Combine(Tree, "b.txt"));
                File.Delete(Path.Combine(Tree, "c.txt"));
                Directory.CreateDirectory(Path.Combine(Tree, "c.txt"));
                File.Delete(Path.Combine(Tree, "d.txt"));
                File.CreateSymbolicLink(Path.Combine(Tree, "d.txt"), outside);
            }
        };

        string[] target = command == "sync-dir"
            ? ["sync-dir", Tree, "--raw-repository", "raw-h", "--no-progress"]
            : ["upload", .. Names.Select(n => Path.Combine(Tree, n)), "-r", "raw-h"];
        var run = await CliRun.RunAsync([.. target, "--url", nexus.Url, "--parallel", "1", "-o", "json"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(ExitCodes.ItemsFailed == run.ExitCode, run.Stdout + run.Stderr);
        Assert.Equal(["raw-h/a.txt", "raw-h/e.txt"], nexus.Stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, nexus.Uploads.Count); // no POST at all for the three changed files
        var reasons = Reasons(run.Stdout);
        Assert.StartsWith("deleted since the scan", reasons["b.txt"], StringComparison.Ordinal);
        Assert.StartsWith("replaced by a directory since the scan", reasons["c.txt"], StringComparison.Ordinal);
        Assert.StartsWith("replaced by another file since the scan", reasons["d.txt"], StringComparison.Ordinal);
        Assert.All(reasons.Values, r => Assert.DoesNotContain("connection", r, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Retry", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pausing all uploads", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(nexus.Stored.Values, v => System.Text.Encoding.UTF8.GetString(v).Contains("SECRET", StringComparison.Ordinal));
    }

    /// <summary>Failed items of a JSON report by file name, with their reasons.</summary>
    private static Dictionary<string, string> Reasons(string json)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("action").GetString() == "failed")
            .ToDictionary(i => Path.GetFileName(i.GetProperty("file").GetString()!), i => i.GetProperty("reason").GetString()!);
    }
}
