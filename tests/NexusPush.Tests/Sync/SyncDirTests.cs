using System.Text.Json;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

public sealed class SyncDirTests
{
    [Fact]
    public async Task SyncDir_MixedTreeInParallel_PostsEachFileExactlyOnceToItsPath()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(30);
        tree.Write("el7/x86_64/tool-1.0.rpm", Formats.PackageFixtures.Bytes("hello-2.0-1.noarch.rpm"));
        tree.Write("Ünïcode dir/file #1 100%.txt", "unicode");

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--parallel", "4");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(32, nexus.StoredUploads.Count);
        Assert.Equal(32, nexus.StoredUploads.Distinct().Count());
        Assert.Contains(("yum-h", "/el7/x86_64/tool-1.0.rpm"), nexus.StoredUploads);
        Assert.Equal("unicode"u8.ToArray(), nexus.StoredAt("raw-h", "/Ünïcode dir/file #1 100%.txt"));
        Assert.Equal("content of file 7"u8.ToArray(), nexus.StoredAt("raw-h", "/f0/f007.txt"));
    }

    [Fact]
    public async Task SyncDir_ImmediateRerun_PostsNothingAndReportsEveryFileSkipped()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(25);
        tree.Write("few/a.txt", "a");

        var first = await SyncRun.RunAsync(nexus, tree.Path);
        var uploadsAfterFirst = nexus.StoredUploads.Count;
        var second = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal((0, 0, 26), (first.ExitCode, second.ExitCode, uploadsAfterFirst));
        Assert.Equal(26, nexus.StoredUploads.Count);
        var items = SyncRun.Items(second.Stdout);
        Assert.Equal(26, items.Count);
        Assert.All(items, i => Assert.Equal(("skipped", "identical"), (i.Action, i.Reason)));
    }

    [Fact]
    public async Task SyncDir_JsonReport_FollowsTheSchema()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = new TempDir();
        tree.Write("a.txt", "a");
        tree.Write("p.deb", Formats.PackageFixtures.Bytes("hello-gzip.deb"));
        var reportFile = Path.Combine(tree.Path, "..", Guid.NewGuid().ToString("N") + ".json");

        try
        {
            // The .deb has no repository: --allow-unrouted keeps the run green, the report still lists it.
            var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--report", reportFile, "--allow-unrouted");

            Assert.Equal(0, outcome.ExitCode);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile, TestContext.Current.CancellationToken));
            var root = report.RootElement;
            Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
            var items = root.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            string[] keys = ["file", "format", "repository", "path", "downloadUrl", "action", "reason", "sha256", "bytes", "attempts", "fallbackPath", "runWideCause", "fallbackCopyFailure"];
            Assert.All(items, i => Assert.Equal(keys, i.EnumerateObject().Select(p => p.Name)));
            var uploaded = items.Single(i => i.GetProperty("file").GetString() == "a.txt");
            Assert.Equal(("raw", "raw-h", "/a.txt", "uploaded", 1L), (uploaded.GetProperty("format").GetString(), uploaded.GetProperty("repository").GetString(), uploaded.GetProperty("path").GetString(), uploaded.GetProperty("action").GetString(), uploaded.GetProperty("bytes").GetInt64()));
            Assert.Equal(64, uploaded.GetProperty("sha256").GetString()!.Length);
            Assert.Equal("unrouted", items.Single(i => i.GetProperty("file").GetString() == "p.deb").GetProperty("action").GetString());
            var totals = root.GetProperty("totals");
            Assert.Equal((1, 1, 2), (totals.GetProperty("uploaded").GetInt32(), totals.GetProperty("unrouted").GetInt32(), totals.GetProperty("files").GetInt32()));
        }
        finally
        {
            File.Delete(reportFile);
        }
    }

    [Fact]
    public async Task SyncDir_DryRun_ComparesButPostsNothing_AndWritesThePlan()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(3);
        nexus.Store("raw-h", "/f0/f000.txt", "content of file 0"u8.ToArray());
        var planFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".plan.json");

        try
        {
            var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--dry-run", "-o", "json", "--plan-out", planFile);

            Assert.Equal(0, outcome.ExitCode);
            Assert.Empty(nexus.StoredUploads);
            Assert.Equal(0, nexus.Count("POST", "/service/rest/v1/components"));
            var items = SyncRun.Items(outcome.Stdout);
            Assert.Equal(["skipped", "planned", "planned"], items.OrderBy(i => i.File, StringComparer.Ordinal).Select(i => i.Action));
            using var plan = JsonDocument.Parse(await File.ReadAllTextAsync(planFile, TestContext.Current.CancellationToken));
            Assert.Equal(3, plan.RootElement.GetProperty("count").GetInt32());
            var first = plan.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("file").GetString() == "f0/f000.txt");
            Assert.Equal(("skip", "present", "/f0/f000.txt"), (first.GetProperty("action").GetString(), first.GetProperty("remote").GetString(), first.GetProperty("path").GetString()));
        }
        finally
        {
            File.Delete(planFile);
        }
    }

    [Fact]
    public async Task SyncDir_DryRunWithoutUrl_PlansOfflineAndSaysSo()
    {
        using var tree = SyncRun.Tree(2);

        var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--dry-run", "--raw-repository", "raw-h"]);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("offline", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, outcome.Stdout.Split('\n').Count(l => l.StartsWith("planned", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SyncDir_ConfigFileUrl_IsUsedWhenNoFlagOrVariable()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(2);
        var config = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(config, $$"""{ "url": "{{nexus.Url}}", "repositories": { "raw": "raw-h" } }""", TestContext.Current.CancellationToken);

        try
        {
            var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--config", config, "--dry-run"]);

            Assert.Equal(0, outcome.ExitCode);
            Assert.Equal(2, nexus.Heads);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task SyncDir_InvalidConfig_ExitsTwoWithLine()
    {
        using var tree = SyncRun.Tree(1);
        var config = tree.Write("../" + Guid.NewGuid().ToString("N") + ".json", "{\n \"rules\": [ { \"match\": \"*\", \"format\": \"conda\" } ]\n}");

        try
        {
            var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--config", config, "--dry-run"]);

            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains("line 2: unknown format 'conda'", outcome.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task SyncDir_MissingOrEmptyDirectory_ExitsTwo()
    {
        using var empty = new TempDir();

        var missing = await CliRun.RunAsync(["sync-dir", Path.Combine(empty.Path, "nope"), "--dry-run"]);
        var nothing = await CliRun.RunAsync(["sync-dir", empty.Path, "--dry-run"]);

        Assert.Equal((2, 2), (missing.ExitCode, nothing.ExitCode));
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("No files to sync", nothing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_IncludeAndExcludeFlags_LimitWhatIsUploaded()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = new TempDir();
        tree.Write("docs/a.pdf", "a");
        tree.Write("docs/b.tmp", "b");
        tree.Write("build/c.pdf", "c");

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--include", "**/*.pdf", "--exclude", "build/**");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal([("raw-h", "/docs/a.pdf")], nexus.StoredUploads);
    }
}
