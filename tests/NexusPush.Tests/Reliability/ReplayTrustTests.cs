using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NexusPush.Cli;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// <c>replay DIR</c> trusts nothing in the manifest: an entry that leads out of the folder is never read, hashed, sent
/// or deleted; a line it cannot parse is reported and kept; it exits 0 only when the folder holds no entry afterwards.
/// </summary>
public sealed class ReplayTrustTests : IDisposable
{
    private static readonly NexusRequestException Down = new(NexusFailureKind.Unreachable, "Nexus could not be reached.");
    private readonly TempDir _dir = new();

    private string Fallback => Path.Combine(_dir.Path, "fb");

    private string ManifestPath => Path.Combine(Fallback, FallbackManifest.FileName);

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> OutsideEntries => new() { "../victim/x", "ABSOLUTE", "inside-link/x", "file-link", "sub/../../victim/x" };

    [Theory]
    [MemberData(nameof(OutsideEntries))]
    public async Task Replay_EntryLeadingOutOfTheFolder_FailedNeverReadSentOrDeleted(string file)
    {
        var victim = _dir.Write("victim/x", "the secret of another account");
        var victimSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(victim)));
        Directory.CreateDirectory(Path.Combine(Fallback, "sub"));
        File.CreateSymbolicLink(Path.Combine(Fallback, "inside-link"), Path.Combine(_dir.Path, "victim"));
        File.CreateSymbolicLink(Path.Combine(Fallback, "file-link"), "../victim/x");
        var entryFile = file == "ABSOLUTE" ? victim : file;

        // The attacker knows the hash, so nothing but the path check stands between replay and the file.
        WriteManifest(Entry(entryFile, victimSha256, File.ReadAllBytes(victim)));
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("manifest entry points outside the fallback folder", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(server.Uploads);
        Assert.Equal("the secret of another account", File.ReadAllText(victim));
        Assert.Single(File.ReadAllLines(ManifestPath));
    }

    [Fact]
    public async Task Replay_EntryLeadingOut_ItsHashIsNeverPrinted()
    {
        var victim = _dir.Write("victim/x", "the secret of another account");
        var victimSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(victim)));
        Directory.CreateDirectory(Fallback);

        // A wrong hash in the manifest: a replay that reads the file would print the real one to compare.
        WriteManifest(Entry("../victim/x", new string('0', 64), File.ReadAllBytes(victim)));
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0", "-v"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.DoesNotContain(victimSha256, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("manifest entry points outside the fallback folder", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UnreadableLine_ReportedKeptExit4OthersSent()
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider());
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/a.txt", "alpha"), "a.txt"), Down, TestContext.Current.CancellationToken);
        File.AppendAllText(ManifestPath, "{\"file\":\"lost.txt\", this is not JSON\n");
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/b.txt", "beta"), "b.txt"), Down, TestContext.Current.CancellationToken);
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("manifest line 2 unreadable", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, server.Uploads.Count);
        Assert.Equal(["{\"file\":\"lost.txt\", this is not JSON"], File.ReadAllLines(ManifestPath));
        Assert.Contains("1 entry remains", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_TornLineThenAnotherSave_TheLaterFileIsSentTheTornLineKept()
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider());
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/a.txt", "alpha"), "a.txt"), Down, TestContext.Current.CancellationToken);
        File.AppendAllText(ManifestPath, "{\"file\":\"b.t"); // a full disk tore this line
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/c.txt", "gamma"), "c.txt"), Down, TestContext.Current.CancellationToken);
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Equal("gamma"u8.ToArray(), server.Stored["raw-hosted/c.txt"]);
        Assert.Contains("manifest line 2 unreadable", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["{\"file\":\"b.t"], File.ReadAllLines(ManifestPath));
    }

    [Fact]
    public async Task Replay_FolderNeverCreated_NothingToReplayExit0()
    {
        var run = await CliRun.RunAsync(["replay", Fallback, "--url", ClosedPort.Url()]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("nothing to replay", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Fallback));
    }

    [Fact]
    public async Task Replay_PathIsAFile_Exit2()
    {
        var file = _dir.Write("not-a-folder", "x");

        var run = await CliRun.RunAsync(["replay", file, "--url", ClosedPort.Url()]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ConflictSkipped_Exit4AndSaysWhatRemains()
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider());
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/a.txt", "alpha"), "a.txt"), Down, TestContext.Current.CancellationToken);
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/b.txt", "beta"), "b.txt"), Down, TestContext.Current.CancellationToken);
        await using var server = await KestrelNexus.StartAsync();
        server.Stored["raw-hosted/a.txt"] = "someone else's"u8.ToArray();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0", "--on-conflict", "skip"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("1 entry remains", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--on-conflict skip", run.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Fallback, "a.txt")));
        Assert.False(File.Exists(Path.Combine(Fallback, "b.txt")));
    }

    [Fact]
    public async Task Replay_SameBytesSavedTwiceForOnePlace_UploadedOnceBothLinesPruned()
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider());
        var a = _dir.Write("src/a.txt", "alpha");
        await folder.SaveAsync(FallbackFolderTests.Item(a, "a.txt"), Down, TestContext.Current.CancellationToken);
        await folder.SaveAsync(FallbackFolderTests.Item(a, "a.txt"), Down, TestContext.Current.CancellationToken); // a second build saved it again
        Assert.Equal(2, File.ReadAllLines(ManifestPath).Length);
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["replay", Fallback, "--url", server.Url, "--retry-delay", "0", "--parallel", "4"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Single(server.Uploads);
        Assert.Equal(1, server.Writes["raw-hosted/a.txt"]);
        Assert.False(File.Exists(ManifestPath));
        Assert.False(File.Exists(Path.Combine(Fallback, "a.txt")));
    }

#pragma warning disable CA5350 // the SHA-1 Nexus shows as the ETag, as the manifest records it; not used for security
    private static FallbackEntry Entry(string file, string sha256, byte[] content) => new(
        file, "raw-hosted", "raw", "/x", "/", "x",
        sha256, Convert.ToHexStringLower(SHA1.HashData(content)), content.Length, "/build/x", "Nexus could not be reached.", DateTimeOffset.UnixEpoch);
#pragma warning restore CA5350

    private void WriteManifest(FallbackEntry entry) =>
        File.WriteAllText(ManifestPath, JsonSerializer.Serialize(entry, ReliabilityJsonContext.Default.FallbackEntry) + "\n");
}
