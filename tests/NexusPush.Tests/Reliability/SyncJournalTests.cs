using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>Resume through <c>sync-dir</c>: a killed migration resumed with its journal re-sends nothing that landed; the fallback keeps relative paths.</summary>
public sealed class SyncJournalTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Tree => Path.Combine(_dir.Path, "tree");

    private string JournalPath => Path.Combine(_dir.Path, "journal.jsonl");

    [Fact]
    public async Task SyncDir_KilledMigrationResumedWithJournal_ResendsNothingThatLanded()
    {
        var files = Enumerable.Range(0, 10).Select(i => _dir.Write($"tree/d{i % 3}/f{i}.bin", $"payload {i}")).ToArray();
        await using var nexus = new FaultServer();
        var full = await CliRun.RunAsync(["sync-dir", Tree, "--url", nexus.Url, "--raw-repository", "raw-h", "--journal", JournalPath, "--no-progress"]);
        Assert.Equal(ExitCodes.Success, full.ExitCode);

        // As if killed with -9 after six files landed but only five were journaled, mid-way through the sixth line.
        var lines = File.ReadAllLines(JournalPath);
        Assert.Equal(10, lines.Length);
        File.WriteAllText(JournalPath, string.Join('\n', lines.Take(5)) + "\n" + lines[5][..20]);
        string FileOf(string line) => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("file").GetString()!;
        var journaled = lines.Take(5).Select(FileOf).ToList();
        var landedUnjournaled = FileOf(lines[5]);
        foreach (var notLanded in lines.Skip(6).Select(FileOf))
        {
            nexus.Stored.TryRemove("raw-h/" + notLanded, out _);
        }

        nexus.Requests.Clear();
        nexus.Writes.Clear();

        var resumed = await CliRun.RunAsync(["sync-dir", Tree, "--url", nexus.Url, "--raw-repository", "raw-h", "--journal", JournalPath, "--no-progress", "-o", "json"]);

        // The journaled files cost one asset listing, no request of their own and no read of their bytes.
        Assert.Equal(ExitCodes.Success, resumed.ExitCode);
        Assert.All(journaled, file => Assert.DoesNotContain(nexus.Requests, r => Uri.UnescapeDataString(r.Target).Contains(file, StringComparison.Ordinal)));
        Assert.Single(nexus.Requests, r => r.Path == "/service/rest/v1/assets");
        Assert.Equal(4, nexus.Uploads.Count);
        Assert.False(nexus.Writes.ContainsKey("raw-h/" + landedUnjournaled));
        Assert.Equal(5, resumed.Stdout.Split("\"reason\":\"journal\"").Length - 1);
        Assert.Equal(10, nexus.Stored.Count);
    }

    [Fact]
    public async Task SyncDir_NexusDown_FallbackKeepsRelativePathsExit5()
    {
        _dir.Write("tree/sub/dir/a.txt", "alpha");
        _dir.Write("tree/b.txt", "beta");
        var fallback = Path.Combine(_dir.Path, "fb");

        var run = await CliRun.RunAsync(["sync-dir", Tree, "--url", ClosedPort.Url(), "--raw-repository", "raw-h", "--retries", "0", "--fallback-dir", fallback, "--no-progress"]);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(fallback, "sub", "dir", "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(fallback, "b.txt")));
    }
}
