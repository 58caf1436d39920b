using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

/// <summary>Hidden files are left out by default, but never silently: the summary counts them, -v lists them.</summary>
public sealed class HiddenFilesTests
{
    [Fact]
    public async Task SyncDir_HiddenFilesLeftOut_AreCountedInTheSummaryAndListedAtVerbose()
    {
        using var tree = HiddenTree();

        var plain = await DryRunAsync(tree);
        var verbose = await DryRunAsync(tree, "-v");

        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("2 hidden files and 1 hidden directory left out (-v lists them)", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(".env", plain.Stderr, StringComparison.Ordinal);
        Assert.Contains("left out hidden file .env", verbose.Stderr, StringComparison.Ordinal);
        Assert.Contains("left out hidden file sub/.secret", verbose.Stderr, StringComparison.Ordinal);
        Assert.Contains("left out hidden directory .git/", verbose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_HiddenFilesLeftOut_AreCountedInTheJsonTotals()
    {
        using var tree = HiddenTree();

        var outcome = await DryRunAsync(tree, "-o", "json");

        using var json = System.Text.Json.JsonDocument.Parse(outcome.Stdout);
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal((2, 1), (totals.GetProperty("hiddenFilesLeftOut").GetInt32(), totals.GetProperty("hiddenDirectoriesLeftOut").GetInt32()));
    }

    [Fact]
    public async Task SyncDir_TheSummarysHint_TakesTheHiddenFilesAndKeepsTheOthers()
    {
        using var tree = HiddenTree();

        var outcome = await DryRunAsync(tree, "--include", "**", "--include", "**/.*");

        Assert.Contains("planned   .env", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("planned   sub/.secret", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("planned   a.txt", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("planned   sub/b.txt", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_NoHiddenFiles_SaysNothingAboutThem()
    {
        using var tree = new TempDir();
        tree.Write("a.txt", "a");

        var outcome = await DryRunAsync(tree);

        Assert.DoesNotContain("hidden", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_ExcludedHiddenFile_IsNotCountedAsHidden()
    {
        using var tree = new TempDir();
        tree.Write("a.txt", "a");
        tree.Write(".env", "secret");

        var outcome = await DryRunAsync(tree, "--exclude", ".env");

        Assert.DoesNotContain("hidden", outcome.Stdout, StringComparison.Ordinal);
    }

    private static Task<CliOutcome> DryRunAsync(TempDir tree, params string[] more) =>
        CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h", .. more]);

    private static TempDir HiddenTree()
    {
        var tree = new TempDir();
        tree.Write("a.txt", "a");
        tree.Write("sub/b.txt", "b");
        tree.Write(".env", "secret");
        tree.Write("sub/.secret", "secret");
        tree.Write(".git/config", "[core]");
        tree.Write(".git/HEAD", "ref: refs/heads/main");
        return tree;
    }
}
