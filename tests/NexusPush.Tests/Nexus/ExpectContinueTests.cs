using NexusPush.Cli;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// nexus-contract.md §2.3: a large upload asks for "100 Continue" so Nexus can refuse it before the body is sent; a small
/// one does not pay that extra round trip per file (many small files).
/// </summary>
public sealed class ExpectContinueTests
{
    [Theory]
    [InlineData(10_000, false)]
    [InlineData(NexusClient.ExpectContinueFromBytes, true)]
    public async Task Upload_ExpectContinue_OnlyForLargeBodies(long size, bool expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", new string('z', (int)size));
        await using var server = new FaultServer();

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--no-preflight"]);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Equal(expected, Assert.Single(server.Uploads).ExpectsContinue);
        Assert.Equal(File.ReadAllBytes(file), server.Stored["raw/app.bin"]);
    }

    [Fact]
    public async Task Upload_LargeFileRefusedWithoutReadingBody_Exit3NotRetried()
    {
        using var dir = new TempDir();
        var file = dir.Write("big.bin", new string('z', 4 << 20));
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.Answer(401), times: -1);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--no-preflight"]);

        Assert.Equal(ExitCodes.AuthRefused, outcome.ExitCode);
        // One attempt: 401 is never retried (nexus-contract.md §1), and the refusal came before the body was read.
        Assert.True(Assert.Single(server.Uploads).ExpectsContinue);
        Assert.Empty(server.Stored);
    }
}
