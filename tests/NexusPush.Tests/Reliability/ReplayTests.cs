using NexusPush.Cli;
using NexusPush.Reliability;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary><c>nexus-push replay DIR</c> sends what the fallback folder holds, removes only what Nexus verifiably holds, resumes.</summary>
public sealed class ReplayTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Fallback => Path.Combine(_dir.Path, "fb");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Replay_AfterNexusWasDown_UploadsAllToTheIntendedPathsAndEmptiesTheFolder()
    {
        await SaveToFallbackAsync();
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("alpha"u8.ToArray(), server.Stored["raw-hosted/drop/a.txt"]);
        Assert.Equal("beta"u8.ToArray(), server.Stored["raw-hosted/drop/b.txt"]);
        Assert.Equal(2, server.Uploads.Count);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Fallback));
    }

    [Fact]
    public async Task Replay_InterruptedAfterOneLanded_ResumesWithoutSendingItAgain()
    {
        await SaveToFallbackAsync();
        await using var server = await KestrelNexus.StartAsync();
        server.Stored["raw-hosted/drop/a.txt"] = "alpha"u8.ToArray(); // the killed replay had sent a.txt but not pruned it

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Single(server.Uploads);
        Assert.False(server.Writes.ContainsKey("raw-hosted/drop/a.txt"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Fallback));
    }

    [Fact]
    public async Task Replay_DifferentBytesAlreadyAtThePath_FailsAndKeepsFileAndLine()
    {
        await SaveToFallbackAsync();
        await using var server = await KestrelNexus.StartAsync();
        server.Stored["raw-hosted/drop/a.txt"] = "someone else's"u8.ToArray();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(Fallback, "a.txt")));
        Assert.False(File.Exists(Path.Combine(Fallback, "b.txt")));
        Assert.Equal("a.txt", Assert.Single(new FallbackManifest(Fallback).Read()).File);
    }

    [Fact]
    public async Task Replay_SavedCopyTamperedWith_NotSentKept()
    {
        await SaveToFallbackAsync();
        File.WriteAllText(Path.Combine(Fallback, "a.txt"), "tampered");
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("changed since it was saved", run.Stdout, StringComparison.Ordinal);
        Assert.False(server.Stored.ContainsKey("raw-hosted/drop/a.txt"));
        Assert.True(File.Exists(Path.Combine(Fallback, "a.txt")));
    }

    [Fact]
    public async Task Replay_NexusStillDown_KeepsEverythingExit4()
    {
        await SaveToFallbackAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", ClosedPort.Url(), "--retries", "0", "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Equal(2, new FallbackManifest(Fallback).Read().Count);
        Assert.True(File.Exists(Path.Combine(Fallback, "a.txt")));
    }

    [Fact]
    public async Task Replay_PartialCopyOfAKilledRun_IsRemovedAndSaid()
    {
        var partial = StalePartial();
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.False(File.Exists(partial));
        Assert.Contains($"removed 1 partial copy left by a run that was stopped while copying: {Path.GetFileName(partial)}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_PartialCopyOfAWriterStillCopying_IsKept()
    {
        var partial = StalePartial();
        await using var server = await KestrelNexus.StartAsync();

        // The lock a writer holds on its copy while it copies (FallbackDisk.CreateCopy opens it with FileShare.None).
        using (new FileStream(partial, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

            Assert.Equal(ExitCodes.Success, run.ExitCode);
            Assert.True(File.Exists(partial));
            Assert.DoesNotContain("partial copy", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Save_PartialCopyOfAKilledRun_IsRemovedByTheNextSaveAndSaid()
    {
        var partial = StalePartial();
        var a = _dir.Write("src/a.txt", "alpha");

        var saved = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", ClosedPort.Url(), "--retries", "0", "--retry-delay", "0", "--fallback-dir", Fallback]);

        Assert.Equal(ExitCodes.SavedToFallback, saved.ExitCode);
        Assert.False(File.Exists(partial));
        Assert.Contains($"removed 1 partial copy left by a run that was stopped while copying: {Path.GetFileName(partial)}", saved.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a.txt"], Directory.GetFiles(Fallback).Select(Path.GetFileName).Where(n => !n!.StartsWith('.') && !n.EndsWith(".jsonl", StringComparison.Ordinal)));
    }

    /// <summary>What kill -9 during a fallback copy leaves: a temporary copy nobody holds, last written minutes ago.</summary>
    private string StalePartial()
    {
        Directory.CreateDirectory(Fallback);
        var partial = Path.Combine(Fallback, $".big.bin.{Guid.NewGuid():N}.partial");
        File.WriteAllBytes(partial, new byte[4096]);
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddMinutes(-10));
        return partial;
    }

    private async Task SaveToFallbackAsync()
    {
        var a = _dir.Write("src/a.txt", "alpha");
        var b = _dir.Write("src/b.txt", "beta");
        var saved = await CliRun.RunAsync(["upload", a, b, "-r", "raw-hosted", "-d", "drop", "--url", ClosedPort.Url(), "--retries", "0", "--retry-delay", "0", "--fallback-dir", Fallback]);
        Assert.Equal(ExitCodes.SavedToFallback, saved.ExitCode);
    }
}
