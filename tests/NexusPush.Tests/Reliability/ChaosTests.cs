using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>Chaos: a server that fails a third of requests, with the upload verb (sync-dir shares the executor and the client).</summary>
public sealed class ChaosTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Upload_ServerFailsAThirdOfRequests_EveryFileStoredExactlyOnceByteIdenticalExit0()
    {
        var files = Files(30);
        await using var server = new FaultServer();
        server.FailAThird();

        var run = await CliRun.RunAsync(["upload", .. files, "-r", "raw-hosted", "--url", server.Url, "--parallel", "4", "--retries", "8", "--retry-delay", "0.01"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stdout + run.Stderr);
        AssertEachStoredOnce(server, files);
        Assert.Contains(server.Requests, r => r.Fault == FaultKind.StoreThenDrop);
    }

    [Fact]
    public async Task SyncDir_ServerFailsAThirdOfRequests_EveryFileStoredExactlyOnceByteIdenticalExit0()
    {
        var files = Enumerable.Range(0, 60).Select(i => _dir.Write($"tree/d{i % 4}/f{i:00}.bin", new string((char)('a' + (i % 26)), 500 + (i * 331)))).ToArray();
        await using var server = new FaultServer();
        server.FailAThird();

        var run = await CliRun.RunAsync(["sync-dir", Path.Combine(_dir.Path, "tree"), "--raw-repository", "raw-hosted", "--url", server.Url, "--parallel", "4", "--retries", "8", "--retry-delay", "0.01", "--no-progress"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stdout + run.Stderr);
        foreach (var file in files)
        {
            var key = "raw-hosted/" + Path.GetRelativePath(Path.Combine(_dir.Path, "tree"), file).Replace('\\', '/');
            Assert.Equal(1, server.Writes[key]);
            Assert.Equal(File.ReadAllBytes(file), server.Stored[key]);
        }
    }

    [Fact]
    public async Task UploadThenReplay_ServerDownThenFlaky_AllInFallbackExit5ThenAllStoredOnce()
    {
        var files = Files(12);
        var fallback = Path.Combine(_dir.Path, "fb");

        var down = await CliRun.RunAsync(["upload", .. files, "-r", "raw-hosted", "--url", ClosedPort.Url(), "--retries", "2", "--retry-delay", "0.01", "--fallback-dir", fallback]);

        Assert.Equal(ExitCodes.SavedToFallback, down.ExitCode);
        Assert.Equal(12, File.ReadAllLines(Path.Combine(fallback, "nexus-push-fallback.jsonl")).Length);

        await using var server = new FaultServer();
        server.FailAThird();
        var replay = await CliRun.RunAsync(["replay", fallback, "--url", server.Url, "--retries", "8", "--retry-delay", "0.01"]);

        Assert.True(replay.ExitCode == ExitCodes.Success, replay.Stdout + replay.Stderr);
        AssertEachStoredOnce(server, files);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fallback));
    }

    private string[] Files(int count) =>
        [.. Enumerable.Range(0, count).Select(i => _dir.Write($"src/f{i:00}.bin", new string((char)('a' + (i % 26)), 1000 + (i * 997))))];

    private static void AssertEachStoredOnce(FaultServer server, string[] files)
    {
        foreach (var file in files)
        {
            var key = "raw-hosted/" + Path.GetFileName(file);
            Assert.Equal(1, server.Writes[key]);
            Assert.Equal(File.ReadAllBytes(file), server.Stored[key]);
        }
    }
}
