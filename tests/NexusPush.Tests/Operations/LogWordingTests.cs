using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Operations;

/// <summary>Log and report lines a CI keeps say which file they are about and read as sentences ("1 file", not "1 files").</summary>
public sealed class LogWordingTests
{
    [Fact]
    public async Task Upload_ARequestIsRetried_TheRetryLineNamesTheFile()
    {
        using var dir = new TempDir();
        var file = dir.Write("app-1.2.3.bin", "content");
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(503), times: 1);

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--retries", "3", "--retry-delay", "0.01", "--no-preflight"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"Retry 1/3 of {file} in ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OneFile_TheSummarySaysOneFile()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.bin", "content");
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--no-preflight"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("\n1 file: 1 uploaded", "\n" + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DifferentBytesStored_TheHintDoesNotPromiseOverwrite()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.bin", "new content");
        await using var server = await KestrelNexus.StartAsync();
        server.Stored["raw-hosted/a.bin"] = "old content"u8.ToArray();

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--no-preflight"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("--on-conflict overwrite if the repository allows redeploy", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("skip or overwrite", run.Stdout, StringComparison.Ordinal);
    }
}
