using System.Diagnostics;
using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// Bad input: FIFOs and devices in an artifact tree (an old NFS share can hold anything). Opening a FIFO blocks
/// until a writer appears, so without the check these runs would hang forever instead of reporting the file.
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SyncDir_TreeWithFifo_FifoFailsWithReasonOthersUploaded_NoHang()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs are a Unix thing");
        _dir.Write("tree/a.txt", "a");
        _dir.Write("tree/sub/b.txt", "b");
        MakeFifo(Path.Combine(_dir.Path, "tree", "sub", "pipe"));
        await using var server = await KestrelNexus.StartAsync();

        var run = await WithoutHanging(() => CliRun.RunAsync(["sync-dir", Path.Combine(_dir.Path, "tree"), "--raw-repository", "raw-hosted", "--url", server.Url, "--no-progress"]));

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("not a regular file: a FIFO", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["raw-hosted/a.txt", "raw-hosted/sub/b.txt"], server.Stored.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Upload_Fifo_Exit2OneSentenceNothingSent()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs are a Unix thing");
        var fifo = Path.Combine(_dir.Path, "pipe");
        MakeFifo(fifo);
        await using var server = await KestrelNexus.StartAsync();

        var run = await WithoutHanging(() => CliRun.RunAsync(["upload", fifo, "-r", "raw-hosted", "--url", server.Url]));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"error: {fifo} is not a regular file but a FIFO (named pipe)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Upload_CharacterDevice_Exit2InsteadOfUploadingEndlessBytes()
    {
        Assert.SkipUnless(File.Exists("/dev/zero"), "needs /dev/zero");
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", "/dev/zero", "-r", "raw-hosted", "--url", server.Url]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is not a regular file but a character device", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    /// <summary>A regression would block in open(2) forever; this turns it into a failure (on a pool thread, since the open is synchronous).</summary>
    private static Task<CliOutcome> WithoutHanging(Func<Task<CliOutcome>> run) =>
        Task.Run(run).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
