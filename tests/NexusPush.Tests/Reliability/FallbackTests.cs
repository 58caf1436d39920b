using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>Fallback folder and alert: Nexus down → files saved with a manifest, exit 5; errors a retry cannot fix never go there.</summary>
public sealed class FallbackTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Fallback => Path.Combine(_dir.Path, "nfs", "fallback");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Upload_NexusDown_FilesSavedWithManifestExit5()
    {
        var a = _dir.Write("build/a.txt", "alpha");
        var b = _dir.Write("build/deep/b.bin", "beta");

        var run = await CliRun.RunAsync(["upload", a, b, "-r", "raw-hosted", "-d", "/drop", "--url", ClosedPort.Url(), "--retries", "1", "--retry-delay", "0", "--fallback-dir", Fallback, "-o", "json"]);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(Fallback, "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(Fallback, "b.bin")));
        Assert.Empty(Directory.GetFiles(Fallback, "*.partial", SearchOption.AllDirectories));
        var lines = File.ReadAllLines(Path.Combine(Fallback, "nexus-push-fallback.jsonl"));
        Assert.Equal(2, lines.Length);
        var entry = JsonDocument.Parse(lines.Single(l => l.Contains("a.txt", StringComparison.Ordinal))).RootElement;
        Assert.Equal("raw-hosted", entry.GetProperty("repository").GetString());
        Assert.Equal("raw", entry.GetProperty("format").GetString());
        Assert.Equal("/drop/a.txt", entry.GetProperty("path").GetString());
        Assert.Equal("/drop", entry.GetProperty("directory").GetString());
        Assert.Equal("a.txt", entry.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("alpha"u8)), entry.GetProperty("sha256").GetString());
        Assert.Contains("refused", entry.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(entry.TryGetProperty("time", out _));
        Assert.Equal(2, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("totals").GetProperty("fallback").GetInt32());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(0)] // the connection is dropped without an answer
    public async Task SyncDir_NexusGoesDownBeforeTheUploadsAreVerified_SavedToFallbackAndReplaySkipsThemAsIdentical(int status)
    {
        // More files than the comparison checks by HEAD (ComparisonOptions.ListingThreshold): verified through the listing.
        using var tree = Sync.SyncRun.Tree(30);
        await using var nexus = await KestrelNexus.StartAsync();
        var down = false;
        var refusal = status == 0 ? FaultAction.CloseMidBody : FaultAction.Answer(status);
        nexus.On(_ => Volatile.Read(ref down), refusal, times: -1);
        // Nexus stores every upload, then goes down before the run verifies them through the listing.
        nexus.BeforeStore = _ =>
        {
            if (nexus.StoredUploads.Count >= 29)
            {
                Volatile.Write(ref down, true);
            }
        };

        var run = await Sync.SyncRun.RunAsync(nexus, tree.Path, "--retry-delay", "0", "--fallback-dir", Fallback, "-o", "json");

        Assert.Equal(30, nexus.StoredUploads.Count);
        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        var items = Sync.SyncRun.Items(run.Stdout);
        Assert.Equal(30, items.Count);
        Assert.All(items, i => Assert.Equal("fallback", i.Action));
        Assert.Equal(30, Directory.GetFiles(Fallback, "*.txt", SearchOption.AllDirectories).Length);
        Assert.Equal(30, File.ReadAllLines(Path.Combine(Fallback, "nexus-push-fallback.jsonl")).Length);

        Volatile.Write(ref down, false);
        var posts = nexus.Uploads.Count;
        var replay = await CliRun.RunAsync(["replay", Fallback, "--url", nexus.Url, "--retry-delay", "0", "-o", "json"]);

        Assert.Equal(0, replay.ExitCode);
        Assert.Equal(posts, nexus.Uploads.Count);
        Assert.All(Sync.SyncRun.Items(replay.Stdout), i => Assert.Equal(("skipped", "identical"), (i.Action, i.Reason)));
        Assert.False(File.Exists(Path.Combine(Fallback, "nexus-push-fallback.jsonl")));
    }

    [Fact]
    public async Task Upload_NexusKeepsAnswering503_SavedToFallback()
    {
        var a = _dir.Write("a.txt", "alpha");
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(503), times: -1);

        var run = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", server.Url, "--retries", "2", "--retry-delay", "0", "--fallback-dir", Fallback]);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        Assert.Equal(3, server.Uploads.Count);
        Assert.True(File.Exists(Path.Combine(Fallback, "a.txt")));
        Assert.StartsWith("fallback", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "[{\"id\":\"*\",\"message\":\"Missing required component field 'Directory'\"}]")]
    [InlineData(409, "{\"id\":\"*\",\"message\":\"raw-hosted/a.txt cannot be updated as asset already exists and redeploy is not allowed\"}")]
    [InlineData(413, "<html><head><title>413 Request Entity Too Large</title></head></html>")]
    public async Task Upload_ErrorARetryCannotFix_FailsLoudlyNothingInFallback(int status, string body)
    {
        var a = _dir.Write("a.txt", "alpha");
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(status, body: body), times: -1);

        var run = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", server.Url, "--retry-delay", "0", "--fallback-dir", Fallback]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Single(server.Uploads);
        Assert.False(Directory.Exists(Fallback) && Directory.EnumerateFileSystemEntries(Fallback).Any());
    }

    [Fact]
    public async Task Upload_OneFallbackOneHardFailure_Exit4Wins()
    {
        var a = _dir.Write("a.txt", "alpha");
        var b = _dir.Write("b.txt", "beta");
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(503), times: 2); // a.txt: first attempt and its one retry
        server.OnUpload(FaultAction.Answer(409, body: "{\"id\":\"*\",\"message\":\"raw-hosted/b.txt cannot be updated\"}"), times: -1);

        var run = await CliRun.RunAsync(["upload", a, b, "-r", "raw-hosted", "--url", server.Url, "--retries", "1", "--retry-delay", "0", "--parallel", "1", "--fallback-dir", Fallback]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(Fallback, "a.txt")));
        Assert.False(File.Exists(Path.Combine(Fallback, "b.txt")));
    }

    [Fact]
    public async Task Upload_FallbackFolderUnwritable_ItemFailedFileStillInPlace()
    {
        var a = _dir.Write("a.txt", "alpha");
        var notADirectory = _dir.Write("occupied", "a file where the folder should be");

        // Without the preflight, which would stop the run before any work (FallbackPreflightTests): the copy itself fails.
        var run = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", ClosedPort.Url(), "--retries", "0", "--no-preflight", "--fallback-dir", notADirectory]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("fallback folder", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("the file is still at", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("alpha", File.ReadAllText(a));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
