using NexusPush.Tests.Support;

namespace NexusPush.Tests.Preflight;

/// <summary>The preflight checks that the fallback folder can be written before the run needs it.</summary>
public sealed class FallbackPreflightTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A folder below a regular file: it can be neither created nor written, whoever runs the tests (root too).</summary>
    private string Unwritable => Path.Combine(_dir.Write("blocker", "a file, not a folder"), "fallback");

    [Fact]
    public async Task Check_WritableFallbackFolder_IsAnOkLine_AndLeavesNothingBehind()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw");
        var folder = Path.Combine(_dir.Path, "not", "yet", "there");

        var run = await CliRun.RunAsync(["check", "-r", "files", "--fallback-dir", folder], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("fallback-dir", StringComparison.Ordinal) && l.Contains("ok", StringComparison.Ordinal) && l.Contains("writable", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "not")), "the probe removes the folders it created");
    }

    [Fact]
    public async Task Check_UnwritableFallbackFolder_IsReported()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw");

        var run = await CliRun.RunAsync(["check", "-r", "files", "--fallback-dir", Unwritable], nexus.Env());

        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("fallback-dir", StringComparison.Ordinal) && l.Contains("cannot write to the fallback folder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_UnwritableFallbackFolderWhileNexusAnswers_WarnsAndUploads()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw").StubUpload("files");

        var run = await CliRun.RunAsync(["upload", _dir.Write("a.txt", "a"), "-r", "files", "--no-verify", "--fallback-dir", Unwritable], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Single(nexus.Uploads);
        Assert.Contains("cannot write to the fallback folder", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upload_UnwritableFallbackFolderAndNexusUnreachable_StopsWithExit2()
    {
        var run = await CliRun.RunAsync(["upload", _dir.Write("a.txt", "a"), "-r", "files", "--url", Support.Faults.ClosedPort.Url(), "--retry-delay", "0", "--fallback-dir", Unwritable]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot write to the fallback folder", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no file could be uploaded or saved", run.Stderr, StringComparison.Ordinal);
    }
}
