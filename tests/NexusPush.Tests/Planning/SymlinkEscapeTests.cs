using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Cli;
using NexusPush.LocalFiles;
using NexusPush.Planning;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Planning;

/// <summary>
/// A link planted in a scanned tree must not carry out a file the migrating account can read: a link whose target
/// lies outside the scanned root fails its item and is never read, unless --follow-symlinks=outside says so.
/// </summary>
public sealed class SymlinkEscapeTests : IDisposable
{
    private const string Secret = "the secret that lives outside the tree";
    private readonly TempDir _dir = new();

    public SymlinkEscapeTests()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Symbolic links need privileges on Windows.");
        _dir.Write("tree/real.txt", "inside");
        SecretPath = _dir.Write("outside/secret", Secret);
    }

    private string Tree => Path.Combine(_dir.Path, "tree");

    private string SecretPath { get; }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Scan_LinkToAbsolutePathOutside_IsAProblemNamingTheTarget()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "a"), SecretPath);

        var entry = Assert.Single(Scan(new ScanOptions()), e => e.RelativePath == "a");

        Assert.Equal($"link leaves the tree: a -> {SecretPath}; pass --follow-symlinks=outside to follow it", entry.Problem);
    }

    [Fact]
    public void Scan_LinkToEtcPasswd_IsAProblem()
    {
        Assert.SkipUnless(File.Exists("/etc/passwd"), "No /etc/passwd here.");
        File.CreateSymbolicLink(Path.Combine(Tree, "passwd"), "/etc/passwd");

        var entry = Assert.Single(Scan(new ScanOptions()), e => e.RelativePath == "passwd");

        Assert.StartsWith("link leaves the tree: passwd -> /etc/passwd", entry.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_RelativeLinkClimbingOut_IsAProblem()
    {
        _dir.Write("tree/sub/keep.txt", "x");
        File.CreateSymbolicLink(Path.Combine(Tree, "sub", "s"), "../../outside/secret");

        var entry = Assert.Single(Scan(new ScanOptions()), e => e.RelativePath == "sub/s");

        Assert.Contains("link leaves the tree: sub/s -> ", entry.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_ChainOfLinksEndingOutside_IsAProblem()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "first"), "second");
        File.CreateSymbolicLink(Path.Combine(Tree, "second"), SecretPath);

        var entries = Scan(new ScanOptions());

        Assert.All(entries.Where(e => e.RelativePath is "first" or "second"), e => Assert.Contains("link leaves the tree", e.Problem, StringComparison.Ordinal));
        Assert.Equal(2, entries.Count(e => e.Problem is not null));
    }

    [Fact]
    public void Scan_DotDotAfterALinkLeadingOut_IsAProblem_LikeTheKernelResolvesIt()
    {
        var outsideX = IssueTree();

        var entry = Assert.Single(Scan(new ScanOptions()), e => e.RelativePath == "esc.txt");

        Assert.Equal($"link leaves the tree: esc.txt -> {outsideX}; pass --follow-symlinks=outside to follow it", entry.Problem);
    }

    [Fact]
    public async Task SyncDir_DotDotAfterALinkLeadingOut_NeverUploadsTheOutsideFile()
    {
        var outsideX = IssueTree();
        await using var nexus = await KestrelNexus.StartAsync();
        using var reads = FileReadCounter.Start();

        var run = await CliRun.RunAsync(["sync-dir", Tree, "--url", nexus.Url, "--raw-repository", "raw-hosted", "--no-progress", "-o", "json"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(ExitCodes.ItemsFailed == run.ExitCode, run.Stdout + run.Stderr);
        Assert.Contains("link leaves the tree: esc.txt -> " + outsideX, run.Stdout, StringComparison.Ordinal);
        Assert.Equal("INSIDE\n", System.Text.Encoding.UTF8.GetString(nexus.Stored["raw-hosted/d/x.txt"]));
        Assert.DoesNotContain("raw-hosted/esc.txt", nexus.Stored.Keys);
        Assert.DoesNotContain(nexus.Stored.Values, v => System.Text.Encoding.UTF8.GetString(v).Contains("SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(reads.Files, f => f == outsideX || f.EndsWith("esc.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncDir_LinkSwappedToOutsideAfterTheScan_IsFailedNeverSent()
    {
        // esc.txt leads inside when the tree is scanned; while the first file uploads it is pointed outside at a file
        // of the same size. The open before its upload finds another file than the one judged inside.
        _dir.Write("tree/a.txt", "first");
        _dir.Write("tree/d/x.txt", "INSIDE\n");
        var outsideX = _dir.Write("outside/x.txt", "SECRET\n");
        var esc = Path.Combine(Tree, "esc.txt");
        File.CreateSymbolicLink(esc, "d/x.txt");
        await using var nexus = await KestrelNexus.StartAsync();
        nexus.BeforeStore = path =>
        {
            if (path.EndsWith("/a.txt", StringComparison.Ordinal))
            {
                File.Delete(esc);
                File.CreateSymbolicLink(esc, outsideX);
            }
        };

        var run = await CliRun.RunAsync(["sync-dir", Tree, "--raw-repository", "raw-hosted", "--url", nexus.Url, "--parallel", "1", "--no-progress", "-o", "json"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(ExitCodes.ItemsFailed == run.ExitCode, run.Stdout + run.Stderr);
        Assert.Contains("since the scan", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["raw-hosted/a.txt", "raw-hosted/d/x.txt", "raw-hosted/real.txt"], nexus.Stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, nexus.Uploads.Count);
        Assert.DoesNotContain(nexus.Stored.Values, v => System.Text.Encoding.UTF8.GetString(v).Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_LinksInsideTheTree_StillFollowed_EvenThroughAHopOutside()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "same.txt"), "real.txt");
        var hop = Path.Combine(_dir.Path, "outside", "hop");
        File.CreateSymbolicLink(hop, Path.Combine(Tree, "real.txt"));
        File.CreateSymbolicLink(Path.Combine(Tree, "back.txt"), hop);

        var entries = Scan(new ScanOptions());

        Assert.Equal(["back.txt", "real.txt", "same.txt"], entries.Select(e => e.RelativePath));
        Assert.All(entries, e => Assert.Null(e.Problem));
    }

    [Fact]
    public void Scan_DirectoryLinkToRootWithFollowSymlinks_IsAProblemNotAWalk()
    {
        Directory.CreateSymbolicLink(Path.Combine(Tree, "everything"), "/");

        var entries = Scan(new ScanOptions { FollowDirectoryLinks = true });

        Assert.Equal(["everything/", "real.txt"], entries.Select(e => e.RelativePath));
        Assert.Equal("link leaves the tree: everything -> /; pass --follow-symlinks=outside to follow it", entries[0].Problem);
    }

    [Fact]
    public void Scan_DirectoryLinkInsideTheTreeWithFollowSymlinks_IsWalked()
    {
        _dir.Write("tree/deep/er/x.txt", "x");
        Directory.CreateSymbolicLink(Path.Combine(Tree, "a-shortcut"), Path.Combine("deep", "er"));

        var entries = Scan(new ScanOptions { FollowDirectoryLinks = true });

        Assert.Equal(["real.txt", "a-shortcut/x.txt"], entries.Select(e => e.RelativePath));
    }

    [Fact]
    public void Scan_FollowLinksOutside_FollowsFileAndDirectoryLinks()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "a"), SecretPath);
        Directory.CreateSymbolicLink(Path.Combine(Tree, "o"), Path.GetDirectoryName(SecretPath)!);

        var entries = Scan(new ScanOptions { FollowDirectoryLinks = true, FollowLinksOutside = true });

        Assert.Equal(["a", "real.txt", "o/secret"], entries.Select(e => e.RelativePath));
        Assert.All(entries, e => Assert.Null(e.Problem));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SyncDir_LinksLeavingTheTree_FailedExit4NothingOutsideReadOrSent(bool followSymlinks)
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "a"), SecretPath);
        Directory.CreateSymbolicLink(Path.Combine(Tree, "root"), "/");
        await using var nexus = await KestrelNexus.StartAsync();
        using var reads = FileReadCounter.Start();

        string[] args = ["sync-dir", Tree, "--url", nexus.Url, "--raw-repository", "raw-h", "--no-progress", "-o", "json"];
        var run = await CliRun.RunAsync(followSymlinks ? [.. args, "--follow-symlinks"] : args).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(ExitCodes.ItemsFailed == run.ExitCode, run.Stdout + run.Stderr);
        Assert.Contains("link leaves the tree: a -> " + SecretPath, run.Stdout, StringComparison.Ordinal);
        Assert.Equal(followSymlinks, run.Stdout.Contains("link leaves the tree: root -> /", StringComparison.Ordinal));
        Assert.Equal(["raw-h/real.txt"], nexus.Stored.Keys);
        Assert.Single(nexus.Uploads);
        Assert.DoesNotContain(nexus.Requests, r => r.Target.Contains("secret", StringComparison.Ordinal) || r.Target.Contains("/a", StringComparison.Ordinal) || r.Target.Contains("proc", StringComparison.Ordinal));
        Assert.DoesNotContain(reads.Files, f => f.EndsWith("secret", StringComparison.Ordinal) || f.EndsWith(Path.DirectorySeparatorChar + "a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncDir_FollowSymlinksOutside_UploadsTheLinkedFile()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "a"), SecretPath);
        await using var nexus = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["sync-dir", Tree, "--url", nexus.Url, "--raw-repository", "raw-h", "--no-progress", "--follow-symlinks=outside"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Secret, System.Text.Encoding.UTF8.GetString(nexus.Stored["raw-h/a"]));
    }

    [Theory]
    [InlineData("--follow-symlinks")]
    [InlineData("--follow-symlinks=inside")]
    public async Task SyncDir_FollowSymlinksBeforeTheDirectory_MeansInside(string spelling)
    {
        _dir.Write("tree/deep/x.txt", "x");
        Directory.CreateSymbolicLink(Path.Combine(Tree, "a-shortcut"), "deep");
        await using var nexus = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["sync-dir", spelling, Tree, "--url", nexus.Url, "--raw-repository", "raw-h", "--no-progress"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("raw-h/a-shortcut/x.txt", nexus.Stored.Keys);
    }

    [Fact]
    public async Task SyncDir_NexusDownWithFallback_LinkOutsideIsNeverCopied()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "a"), SecretPath);
        var fallback = Path.Combine(_dir.Path, "fb");

        var run = await CliRun.RunAsync(["sync-dir", Tree, "--url", ClosedPort.Url(), "--raw-repository", "raw-h", "--retries", "0", "--retry-delay", "0", "--fallback-dir", fallback, "--no-progress"]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Equal("inside", File.ReadAllText(Path.Combine(fallback, "real.txt")));
        Assert.DoesNotContain(Directory.GetFiles(fallback, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_LinkNamedOnTheCommandLine_IsFollowedWherever()
    {
        var link = Path.Combine(Tree, "named");
        File.CreateSymbolicLink(link, SecretPath);
        await using var nexus = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", link, "-r", "raw-h", "--url", nexus.Url]).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(ExitCodes.Success == run.ExitCode, run.Stdout + run.Stderr);
        Assert.Equal(Secret, System.Text.Encoding.UTF8.GetString(Assert.Single(nexus.Stored).Value));
    }

    [Fact]
    public async Task SyncDirHelp_NamesTheLinkChoices()
    {
        var run = await CliRun.RunAsync(["sync-dir", "--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--follow-symlinks=outside", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("outside DIR fails its item", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_FollowSymlinksWithAnUnknownValue_Exit2()
    {
        var run = await CliRun.RunAsync(["sync-dir", Tree, "--follow-symlinks=everywhere", "--raw-repository", "raw-h", "--url", ClosedPort.Url()]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("everywhere", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The tree of the report: tree/esc.txt -> d/link2/../x.txt with d/link2 -> outside/deep; returns outside/x.txt.</summary>
    private string IssueTree()
    {
        _dir.Write("tree/d/x.txt", "INSIDE\n");
        var outsideX = _dir.Write("outside/x.txt", "SECRET\n");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "outside", "deep"));
        Directory.CreateSymbolicLink(Path.Combine(Tree, "d", "link2"), Path.Combine(_dir.Path, "outside", "deep"));
        File.CreateSymbolicLink(Path.Combine(Tree, "esc.txt"), "d/link2/../x.txt");
        return outsideX;
    }

    private List<ScanEntry> Scan(ScanOptions options) => new DirectoryScanner(options, NullLogger.Instance).Scan(Tree).ToList();
}
