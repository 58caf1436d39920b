using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Progress;

/// <summary>
/// The live view only where it can be drawn: under a PTY whose TERM cannot draw (dumb, unset) or inside CI, the log
/// a CI keeps gets plain lines, not escape sequences and redrawn frames.
/// </summary>
public sealed class PtyProgressTests
{
    private const char Escape = '\u001b';

    [Fact]
    public async Task SyncDir_UnderPtyWithTermDumb_WritesNoEscapeSequence()
    {
        var (code, output) = await RunAsync("dumb");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("uploaded  f0.bin", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, output);
    }

    [Fact]
    public async Task SyncDir_UnderPtyWithTermUnset_WritesNoEscapeSequence()
    {
        var (code, output) = await RunAsync(term: null);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("uploaded  f0.bin", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, output);
    }

    [Fact]
    public async Task SyncDir_UnderPtyWithXtermInBuildbot_WritesNoEscapeSequence()
    {
        var (code, output) = await RunAsync("xterm", extra: new Dictionary<string, string> { ["BUILDBOT_WORKERNAME"] = "worker-1" });

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain(Escape, output);
    }

    [Fact]
    public async Task SyncDir_UnderPtyWithXtermInCi_WritesNoEscapeSequence()
    {
        var (code, output) = await RunAsync("xterm", extra: new Dictionary<string, string> { ["CI"] = "1" });

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain(Escape, output);
    }

    /// <summary>The same check sees escape sequences when the live view is drawn: the tests above can fail.</summary>
    [Fact]
    public async Task SyncDir_UnderPtyWithProgressLive_DrawsTheLiveView()
    {
        var (code, output) = await RunAsync("xterm", ["--progress", "live"]);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(Escape, output);
    }

    [Fact]
    public async Task SyncDir_UnderPtyWithXtermOutsideCi_DrawsTheLiveView()
    {
        var (code, output) = await RunAsync("xterm");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(Escape, output);
    }

    [Fact]
    public async Task SyncDir_UnderPtyWithNoProgress_WritesNoEscapeSequence()
    {
        var (code, output) = await RunAsync("xterm", ["--no-progress"]);

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain(Escape, output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string? term, string[]? more = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        Assert.SkipUnless(BuiltTool.HasScript, "needs util-linux script for a pseudo-terminal");
        using var dir = new TempDir();
        for (var i = 0; i < 3; i++)
        {
            dir.Write($"out/f{i}.bin", $"content {i}");
        }

        await using var server = await KestrelNexus.StartAsync();
        string[] args = ["sync-dir", Path.Combine(dir.Path, "out"), "--raw-repository", "raw-hosted", "--url", server.Url, "--no-preflight", .. more ?? []];
        return await BuiltTool.RunUnderPtyAsync(dir.Path, term, args, extra);
    }
}
