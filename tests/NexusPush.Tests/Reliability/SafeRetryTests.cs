using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>Retries that are safe under Nexus's write policies (nexus-contract.md §2.4, §2.5), against a server that really drops connections.</summary>
public sealed class SafeRetryTests
{
    private static readonly string[] FastRetries = ["--retries", "3", "--retry-delay", "0", "--output", "json"];

    [Fact]
    public async Task Upload_ServerStoresThenDropsConnection_UploadedOnceWithoutSecondPost()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", new string('x', 100_000));
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.StoreThenDrop);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, .. FastRetries]);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Contains("\"action\":\"uploaded\"", outcome.Stdout, StringComparison.Ordinal);
        Assert.Single(server.Uploads);
        Assert.Equal(1, server.Writes["raw/app.bin"]);
        Assert.Equal(File.ReadAllBytes(file), server.Stored["raw/app.bin"]);
    }

    [Fact]
    public async Task Upload_ServerClosesMidBody_ResentInFullAndStoredOnce()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", new string('y', 300_000));
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.CloseMidBody);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, .. FastRetries]);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Equal(2, server.Uploads.Count);
        Assert.Equal(1, server.Writes["raw/app.bin"]);
        Assert.Equal(File.ReadAllBytes(file), server.Stored["raw/app.bin"]);
    }

    [Fact]
    public async Task Upload_ServerNeverAnswers_FailsAfterStallTimeoutAsTimeout()
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", "content");
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.NeverAnswer, times: -1);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--retries", "1", "--retry-delay", "0", "--stall-timeout", "0.3", "--timeout", "0.3"]);

        Assert.Equal(ExitCodes.ItemsFailed, outcome.ExitCode);
        Assert.Equal(2, server.Uploads.Count);
        Assert.Contains("stalled", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Stored);
    }

    [Fact]
    public async Task Upload_ServerStopsReadingMidBody_AttemptFailsAfterStallTimeoutNotBefore()
    {
        using var dir = new TempDir();
        // Half of it is more than the socket buffers can take once the server stops reading (loopback receive buffers
        // autotune up to net.ipv4.tcp_rmem's max, 32 MB here, plus 4 MB of send buffer): the bytes really stop moving.
        var file = dir.Write("big.bin", new byte[96 * 1024 * 1024]);
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.StallMidBody, times: -1);
        var started = DateTimeOffset.UtcNow;

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--retries", "0", "--stall-timeout", "0.5", "--timeout", "30"]);

        Assert.Equal(ExitCodes.ItemsFailed, outcome.ExitCode);
        Assert.Contains("stalled: nothing moved for", outcome.Stdout, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(25), "the stall window, not the 30 s answer timeout, ended the attempt");
        Assert.Empty(server.Stored);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Upload_TransientStatusThenSuccess_RetriedAndStoredOnce(int status)
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", "content");
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.Answer(status, retryAfter: "0"), times: 2);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, .. FastRetries]);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Equal(3, server.Uploads.Count);
        Assert.Equal(1, server.Writes["raw/app.bin"]);
        Assert.Contains("\"attempts\":3", outcome.Stdout, StringComparison.Ordinal);
    }
}
