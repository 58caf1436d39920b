using System.Text.Json;
using NexusPush.Formats;
using NexusPush.Runs;
using NexusPush.Tests.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

/// <summary>
/// <c>--shard K/N</c>: N workers split one migration by a stable hash of each file's target; together the shards
/// cover every file exactly once, and files bound for one target share a shard.
/// </summary>
public sealed class ShardTests
{
    private const int Shards = 3;

    [Fact]
    public async Task AllShards_OfAMixedTree_CoverEveryFileExactlyOnce()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(40);
        tree.Write("rpms/a/tool.rpm", PackageFixtures.Bytes("tool-3.1.4-7.el9.x86_64.rpm"));
        tree.Write("rpms/b/tool.rpm", PackageFixtures.Bytes("tool-3.1.4-7.el9.x86_64.rpm")); // same target as a/
        tree.Write("rpms/a/hello.rpm", PackageFixtures.Bytes("hello-2.0-1.noarch.rpm"));
        tree.Write("rpms/c/hello.rpm", PackageFixtures.Bytes("hello-2.0-1.noarch.rpm"));
        tree.Write("debs/p.deb", PackageFixtures.Bytes("hello-gzip.deb")); // unrouted: no apt repository
        tree.Write("debs/q.deb", PackageFixtures.Bytes("libfoo1_0.9_arm64.deb"));
        var allFiles = Directory.EnumerateFiles(tree.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tree.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

        var reported = new List<(int Shard, string File, string Action)>();
        for (var k = 1; k <= Shards; k++)
        {
            var run = await SyncRun.RunAsync(nexus, tree.Path, "--shard", $"{k}/{Shards}", "--yum-directory", "el", "--allow-unrouted", "-o", "json", "--no-progress");

            Assert.Equal(0, run.ExitCode);
            using var report = JsonDocument.Parse(run.Stdout);
            Assert.Equal($"{k}/{Shards}", report.RootElement.GetProperty("shard").GetString());
            reported.AddRange(SyncRun.Items(run.Stdout).Select(i => (k, i.File, i.Action)));
        }

        // Every file is in exactly one shard's report; every target was uploaded once.
        Assert.Equal(allFiles, reported.Select(r => r.File).Order(StringComparer.Ordinal));
        Assert.Equal(42, nexus.StoredUploads.Count);
        Assert.Equal(nexus.StoredUploads.Count, nexus.StoredUploads.Distinct().Count());
        Assert.Contains(("yum-h", "/el/tool.rpm"), nexus.StoredUploads);

        // The copies bound for one target fell into one shard: one uploaded, the other skipped as identical.
        int ShardOf(string file) => reported.Single(r => r.File == file).Shard;
        Assert.Equal(ShardOf("rpms/a/tool.rpm"), ShardOf("rpms/b/tool.rpm"));
        Assert.Equal(ShardOf("rpms/a/hello.rpm"), ShardOf("rpms/c/hello.rpm"));
        Assert.Equal(2, reported.Count(r => r.File.EndsWith(".rpm", StringComparison.Ordinal) && r.Action == "skipped"));

        // With 46 files no shard is empty, and none takes everything.
        Assert.All(Enumerable.Range(1, Shards), k => Assert.InRange(reported.Count(r => r.Shard == k), 1, allFiles.Count - 1));
    }

    [Fact]
    public async Task Shard_TextSummary_SaysWhichShard()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(6);

        var run = await SyncRun.RunAsync(nexus, tree.Path, "--shard", "2/2", "--no-progress");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("shard 2/2", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("3")]
    [InlineData("a/b")]
    [InlineData("-1/3")]
    [InlineData("1/3/5")]
    public async Task Shard_BadValue_Exits2WithOneSentence(string value)
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(1);

        var run = await SyncRun.RunAsync(nexus, tree.Path, "--shard", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--shard '{value}' is not K/N with 1 ≤ K ≤ N", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(nexus.Requests);
    }

    [Fact]
    public void Of_IsStableAcrossMachines()
    {
        // SHA-256 of the key, first 8 bytes big-endian, modulo N: pinned so a change of hash never reshuffles a migration half done.
        Assert.Equal(4, Shard.Of("raw-h\n/a.txt", 4));
        Assert.Equal(2, Shard.Of("unrouted/x.deb", 7));
    }

    [Fact]
    public void Key_NuGetPackage_GoesByRepositoryIdAndVersionCaseInsensitively()
    {
        var a = new PlanItem { LocalPath = "/a/Acme.Tool.1.2.3.nupkg", DisplayPath = "a/Acme.Tool.1.2.3.nupkg", FileName = "Acme.Tool.1.2.3.nupkg", Format = ArtifactFormat.NuGet, Repository = "nuget-h", Package = new PackageInfo("Acme.Tool", "1.2.3") };
        var b = a with { LocalPath = "/b/acme.tool.1.2.3.nupkg", DisplayPath = "b/acme.tool.1.2.3.nupkg", Package = new PackageInfo("acme.tool", "1.2.3") };
        var unrouted = a with { Repository = null };

        Assert.Equal(Shard.Key(a), Shard.Key(b));
        Assert.Equal("a/Acme.Tool.1.2.3.nupkg", Shard.Key(unrouted));
    }

    [Theory]
    [InlineData("Fuzz.Case", "1.0.0", "fuzz.case", "1.0")]
    [InlineData("Fuzz.Case", "1.0.0", "FUZZ.CASE", "1.0.0.0")]
    [InlineData("Fuzz.Case", "1.0.0", "fuzz.case", "01.00.000+build.7")]
    [InlineData("Fuzz.Case", "1.0.0-RC.1", "fuzz.case", "1.0-rc.1")]
    [InlineData("Fuzz.Case", "1.2.3.4", "fuzz.case", "1.2.3.4+sha.abc")]
    public void Key_NuGetPackage_OneIdentitySpelledTwoWaysIsOneKey(string id, string version, string otherId, string otherVersion)
    {
        var a = NuGetItem("a", id, version);
        var b = NuGetItem("b", otherId, otherVersion);

        Assert.Equal(Shard.Key(a), Shard.Key(b));
        Assert.All(Enumerable.Range(2, 15), n => Assert.Equal(Shard.Of(Shard.Key(a), n), Shard.Of(Shard.Key(b), n)));
    }

    [Theory]
    [InlineData("1.0.0", "1.0.1")]
    [InlineData("1.0.0", "1.0.0-rc")]
    [InlineData("1.2.3.4", "1.2.3")]
    public void Key_NuGetPackage_DifferentVersionsStayApart(string version, string other)
    {
        Assert.NotEqual(Shard.Key(NuGetItem("a", "Fuzz.Case", version)), Shard.Key(NuGetItem("b", "Fuzz.Case", other)));
    }

    private static PlanItem NuGetItem(string folder, string id, string version) => new()
    {
        LocalPath = $"/{folder}/{id}.{version}.nupkg",
        DisplayPath = $"{folder}/{id}.{version}.nupkg",
        FileName = $"{id}.{version}.nupkg",
        Format = ArtifactFormat.NuGet,
        Repository = "nuget-h",
        Package = new PackageInfo(id, version),
    };
}
