using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reporting;

/// <summary>A file name can hold a newline or an escape sequence; the text report and the logs show it escaped, as <c>ls -b</c> does.</summary>
public sealed class ControlCharTests
{
    [Theory]
    [InlineData("plain name.txt", "plain name.txt")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData("a\u001b[31mb", @"a\033[31mb")]
    [InlineData("a\rb\u0007c\u0000d\u007fe", @"a\rb\ac\000d\177e")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("Ünïcode", "Ünïcode")]
    [InlineData("zero\u200bwidth", @"zero\342\200\213width")]
    [InlineData("bidi\u202egnp.exe", @"bidi\342\200\256gnp.exe")]
    public void Escape_ControlCharacters_AreWrittenAsLsBDoes(string name, string shown)
    {
        Assert.Equal(shown, ControlChars.Escape(name));
    }

    [Fact]
    public async Task SyncDir_NamesWithControlCharacters_AreEscapedInTheTextReport()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows file names cannot hold control characters");
        using var tree = new TempDir();
        tree.Write("ok.txt", "ok");
        tree.Write("two\nlines.txt", "x");
        tree.Write("esc\u001b[2Jclear.txt", "x");

        var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h"]);

        Assert.DoesNotContain('\u001b', outcome.Stdout);
        Assert.Contains(@"failed    esc\033[2Jclear.txt", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains(@"failed    two\nlines.txt", outcome.Stdout, StringComparison.Ordinal);
        // One line per file plus the summary: a newline in a name cannot forge a report line.
        Assert.Equal(4, outcome.Stdout.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void RunLogging_StringValuesWithControlCharacters_AreEscaped()
    {
        using var stderr = new StringWriter();
        using (var logging = NexusPush.Cli.RunLogging.Create(stderr, verbose: false, quiet: false))
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logging.CreateLogger("t"), "cannot read {File}: {Reason}", "evil\n\u001b[2J.txt", "line one\nline two");
        }

        Assert.Equal("[WRN] cannot read evil\\n\\033[2J.txt: line one\\nline two\n", stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncDir_NamesWithControlCharacters_AreEscapedInTheLogs()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows file names cannot hold control characters");
        using var tree = new TempDir();
        tree.Write("ok.txt", "ok");
        tree.Write(".hidden\u001b]0;owned\u0007", "x");

        var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h", "-v"]);

        Assert.DoesNotContain('\u001b', outcome.Stderr);
        Assert.Contains(@"left out hidden file .hidden\033]0;owned\a", outcome.Stderr, StringComparison.Ordinal);
    }
}
