using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

/// <summary>A file with no repository is never a green build by accident, and a dry run exits as the real run would.</summary>
public sealed class UnroutedExitTests
{
    [Fact]
    public async Task SyncDir_UnroutedFile_Exits4AndSaysHowToRouteOrAllowIt()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = TreeWithDeb();

        var outcome = await SyncRun.RunAsync(nexus, tree.Path);

        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains("unrouted  p.deb", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 file unrouted", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("--allow-unrouted", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(nexus.StoredUploads);
    }

    [Fact]
    public async Task SyncDir_UnroutedFileWithAllowUnrouted_Exits0()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = TreeWithDeb();

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--allow-unrouted");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("unrouted  p.deb", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_FileIgnoredByARule_Exits0()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = TreeWithDeb();
        var config = tree.Write("../" + Guid.NewGuid().ToString("N") + ".json", """{ "rules": [ { "match": "*.deb", "action": "ignore" } ] }""");

        try
        {
            var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--config", config);

            Assert.Equal(0, outcome.ExitCode);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task SyncDir_DryRunWithUnroutedFile_Exits4LikeTheRealRun()
    {
        using var tree = TreeWithDeb();

        var offline = await CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h"]);
        var allowed = await CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h", "--allow-unrouted"]);

        Assert.Equal((4, 0), (offline.ExitCode, allowed.ExitCode));
    }

    [Fact]
    public async Task SyncDir_DryRunWithInvalidPackage_Exits4LikeTheRealRun()
    {
        using var tree = new TempDir();
        tree.Write("a.txt", "a");
        tree.Write("broken.deb", "not an ar archive");

        var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h", "--apt-repository", "apt-h"]);

        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains("failed    broken.deb", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_DryRunOfTheSampleTree_Exits4ForItsBrokenDeb()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NexusPush.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var outcome = await CliRun.RunAsync(["sync-dir", Path.Combine(root.FullName, "samples", "artifacts"), "--config", Path.Combine(root.FullName, "samples", "nexus-push.json"), "--dry-run"]);

        // The sample tree holds a broken .deb on purpose: the real run would fail it, so the dry run says 4 too.
        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains("failed    broken/not-really.deb", outcome.Stdout, StringComparison.Ordinal);
    }

    private static TempDir TreeWithDeb()
    {
        var tree = new TempDir();
        tree.Write("a.txt", "a");
        tree.Write("p.deb", Formats.PackageFixtures.Bytes("hello-gzip.deb"));
        return tree;
    }
}
