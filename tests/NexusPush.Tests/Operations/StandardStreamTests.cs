using NexusPush.Tests.Support;

namespace NexusPush.Tests.Operations;

/// <summary>
/// stdout and stderr as the shell hands them over: a file both share (<c>&gt; log 2&gt;&amp;1</c>, cron's form), a file
/// appended to, a file other commands write before and after, and a pipe whose reader is gone (<c>| head -1</c>).
/// Every line lands in order at the shell's offset, and a gone reader ends output quietly, never as an internal error.
/// </summary>
public sealed class StandardStreamTests
{
    /// <summary>Runs the tool with a stdout pipe whose reader closed before the tool started (what <c>| head -1</c> becomes), deterministically.</summary>
    private const string ClosedReader = """
        closed() { rm -f ready; mkfifo ready; { read -r _ < ready; "$@"; echo "rc=$?" >&2; } | { exec <&-; echo > ready; }; }
        """;

    /// <param name="script">What the shell runs.</param>
    /// <param name="expected">The lines it prints, '|'-separated; V is the tool's version line.</param>
    [Theory]
    [InlineData("{ echo start; TOOL --version; echo end; } > log; cat log", "start|V|end")]
    [InlineData("echo first > log; TOOL --version >> log; TOOL --version >> log; echo last >> log; cat log; TOOL --version > /dev/null 2>&1 || echo devnull-failed", "first|V|V|last")]
    public async Task ShellLinesAroundTheTool_LandInOrder(string script, string expected)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a POSIX shell");
        using var dir = new TempDir();

        var (code, stdout, stderr) = await ToolShell.RunAsync(dir.Path, script);

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var want = expected.Split('|');
        Assert.Equal(want.Length, lines.Length);
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i] == "V")
            {
                Assert.Matches(@"^\d+\.\d+", lines[i]);
            }
            else
            {
                Assert.Equal(want[i], lines[i]);
            }
        }
    }

    [Fact]
    public async Task BothStreamsIntoOneFile_KeepEveryLineInOrder()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a POSIX shell");
        using var dir = new TempDir();
        dir.Write("tree/a.txt", "a");

        // Offline dry run: stderr says "planning offline" first, then stdout carries the plan.
        var (code, stdout, stderr) = await ToolShell.RunAsync(dir.Path, "TOOL sync-dir tree --dry-run --raw-repository raw-hosted > log 2>&1; echo \"rc=$?\"; cat log");

        Assert.True(stdout.StartsWith("rc=0\n", StringComparison.Ordinal), stdout + stderr);
        var log = stdout["rc=0\n".Length..];
        Assert.StartsWith("note: no Nexus URL", log, StringComparison.Ordinal);
        Assert.Contains("a.txt", log[log.IndexOf('\n', StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("sync-dir --help")]
    public async Task ClosedReader_HelpAndVersion_StopQuietly(string args)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a POSIX shell");
        using var dir = new TempDir();

        var (_, _, stderr) = await ToolShell.RunAsync(dir.Path, ClosedReader + $"\nclosed TOOL {args}");

        Assert.Equal("rc=0\n", stderr);
    }

    [Fact]
    public async Task ClosedReader_Repos_StopsQuietly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a POSIX shell");
        using var nexus = new NexusFake().StubRepositoryList("""[{"name":"raw-hosted","format":"raw","type":"hosted","url":"http://n/repository/raw-hosted","attributes":{}}]""");
        using var dir = new TempDir();

        var (_, _, stderr) = await ToolShell.RunAsync(dir.Path, ClosedReader + $"\nclosed TOOL repos --url {nexus.Url}");

        Assert.Equal("rc=0\n", stderr);
    }

    [Fact]
    public async Task ClosedReader_DryRun_StopsQuietlyWithTheRunsCode()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a POSIX shell");
        using var dir = new TempDir();
        dir.Write("tree/a.txt", "a");

        var (_, _, stderr) = await ToolShell.RunAsync(dir.Path, ClosedReader + "\nclosed TOOL sync-dir tree --dry-run --raw-repository raw-hosted --report r.json; cat r.json >&2");

        Assert.StartsWith("note: no Nexus URL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", stderr, StringComparison.Ordinal);
        Assert.Contains("rc=0\n", stderr, StringComparison.Ordinal);
        Assert.Contains("\"exitCode\": 0", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedReader_RealRun_StopsLikeAFullDisk_SaysTheReaderClosed_AndKeepsTheReport()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a POSIX shell");
        await using var nexus = await KestrelNexus.StartAsync();
        using var dir = new TempDir();
        dir.Write("one/a.txt", "a");
        dir.Write("two/b.txt", "b");
        var run = $"run() {{ TOOL sync-dir one --url {nexus.Url} --raw-repository raw-h --retries 0 --report r1.json; }}\n"
            + $"both() {{ TOOL sync-dir two --url {nexus.Url} --raw-repository raw-h --retries 0 --report r2.json 2>&1; }}\n";

        var (_, _, onlyStdout) = await ToolShell.RunAsync(dir.Path, ClosedReader + "\n" + run + "closed run");
        var (_, _, both) = await ToolShell.RunAsync(dir.Path, ClosedReader + "\n" + run + "closed both; cat r2.json >&2");

        Assert.Contains("the reader closed the pipe", onlyStdout, StringComparison.Ordinal);
        Assert.DoesNotContain("free the space", onlyStdout, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", onlyStdout, StringComparison.Ordinal);
        Assert.Contains("rc=4\n", onlyStdout, StringComparison.Ordinal);
        Assert.StartsWith("rc=4\n", both, StringComparison.Ordinal);
        ReportSchema.AssertValid(both["rc=4\n".Length..], "the report of a run whose reader went away");
        Assert.Contains("\"exitCode\": 4", both, StringComparison.Ordinal);
    }
}
