using System.Security.Cryptography;
using System.Text.Json;
using NexusPush.Planning;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.IndexWait;

/// <summary><c>sync-dir --wait-index</c>: the same wait as upload, after a directory sync (a real .deb from the fixtures).</summary>
public sealed class SyncDirWaitIndexTests
{
    [Theory]
    [InlineData(true, 0, "uploaded")]
    [InlineData(false, 4, "failed")]
    public async Task SyncDir_WaitIndex_ReportsTheDebByWhetherItsIndexListsIt(bool listed, int exitCode, string action)
    {
        using var tree = new TempDir();
        var deb = tree.Write("dists/hello.deb", File.ReadAllBytes(Formats.PackageFixtures.PathOf("hello-gzip.deb")));
        var item = UploadPlanner.Plan(new UploadRequestOptions([deb], "apt-hosted", null, null, null)).Single();
        using var nexus = new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt").StubUpload("apt-hosted");
        var index = listed ? IndexFixtures.PackagesStanza(item.Package!.Name, item.Package.Version, item.Package.Architecture!) : IndexFixtures.PackagesStanza("other", "1", "amd64");
        nexus.Serve("apt-hosted", $"/dists/stable/main/binary-{item.Package!.Architecture}/Packages", index);

        var run = await CliRun.RunAsync(
            ["sync-dir", tree.Path, "--apt-repository", "apt-hosted", "--apt-distribution", "stable", "--wait-index=0.5", "--wait-index-interval", "0.02", "--no-verify", "--retries", "0", "-o", "json", "--no-progress"],
            nexus.Env());

        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal(exitCode, run.ExitCode);
        var result = Assert.Single(report.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(action, result.GetProperty("action").GetString());
        Assert.Single(nexus.Uploads);
    }

    /// <summary>
    /// A re-run finds the .deb already stored (skipped, identical), but the apt index may still lack it — an earlier
    /// run stopped before Nexus rebuilt it, or the rebuild failed. It is waited for like an uploaded one.
    /// </summary>
    [Theory]
    [InlineData(true, 0, "skipped")]
    [InlineData(false, 4, "failed")]
    public async Task SyncDir_WaitIndex_SkippedDebIsWaitedForToo(bool listed, int exitCode, string action)
    {
        using var tree = new TempDir();
        var bytes = File.ReadAllBytes(Formats.PackageFixtures.PathOf("hello-gzip.deb"));
        var deb = tree.Write("dists/hello.deb", bytes);
        var item = UploadPlanner.Plan(new UploadRequestOptions([deb], "apt-hosted", null, null, null)).Single();
        using var nexus = new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt").StubUpload("apt-hosted")
            .StubStored("apt-hosted", item.TargetPath!, Convert.ToHexStringLower(SHA1.HashData(bytes)));
        var packages = $"/dists/stable/main/binary-{item.Package!.Architecture}/Packages";
        nexus.Serve("apt-hosted", packages, listed ? IndexFixtures.PackagesStanza(item.Package.Name, item.Package.Version, item.Package.Architecture!) : IndexFixtures.PackagesStanza("other", "1", "amd64"));

        var run = await CliRun.RunAsync(
            ["sync-dir", tree.Path, "--apt-repository", "apt-hosted", "--apt-distribution", "stable", "--wait-index=0.5", "--wait-index-interval", "0.02", "--retries", "0", "-o", "json", "--no-progress"],
            nexus.Env());

        AssertWaitedFor(run, nexus, exitCode, action, "/repository/apt-hosted" + packages, listed);
    }

    [Theory]
    [InlineData(true, 0, "skipped")]
    [InlineData(false, 4, "failed")]
    public async Task SyncDir_WaitIndex_SkippedRpmIsWaitedForToo(bool listed, int exitCode, string action)
    {
        using var tree = new TempDir();
        const string Name = "tool-3.1.4-7.el9.x86_64.rpm";
        var bytes = File.ReadAllBytes(Formats.PackageFixtures.PathOf(Name));
        var rpm = tree.Write("el9/x86_64/" + Name, bytes);
        var package = UploadPlanner.Plan(new UploadRequestOptions([rpm], "yum-hosted", null, "el9/x86_64", null)).Single().Package!;
        using var nexus = new NexusFake().StubHealthy().StubRepository("yum-hosted", "yum").StubUpload("yum-hosted")
            .StubStored("yum-hosted", "/el9/x86_64/" + Name, Convert.ToHexStringLower(SHA1.HashData(bytes)));
        nexus.Serve("yum-hosted", "/el9/repodata/repomd.xml", IndexFixtures.Repomd("repodata/abc-primary.xml.gz"));
        var listing = listed ? (package.Name, package.Version.Split(':')[^1], package.Release!, package.Architecture!, "x86_64/" + Name) : ("other", "1", "1", "noarch", "x86_64/other-1-1.noarch.rpm");
        nexus.Serve("yum-hosted", "/el9/repodata/abc-primary.xml.gz", IndexFixtures.PrimaryGz(listing));

        var run = await CliRun.RunAsync(
            ["sync-dir", tree.Path, "--yum-repository", "yum-hosted", "--wait-index=0.5", "--wait-index-interval", "0.02", "--retries", "0", "-o", "json", "--no-progress"],
            nexus.Env());

        AssertWaitedFor(run, nexus, exitCode, action, "/repository/yum-hosted/el9/repodata/repomd.xml", listed);
    }

    private static void AssertWaitedFor(CliOutcome run, NexusFake nexus, int exitCode, string action, string index, bool listed)
    {
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal(exitCode, run.ExitCode);
        var result = Assert.Single(report.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(action, result.GetProperty("action").GetString());
        Assert.Empty(nexus.Uploads);
        var reads = nexus.Requests.Count(r => r.RequestMessage!.Path == index);
        if (listed)
        {
            Assert.Equal(1, reads); // listed at the first look: no waiting
        }
        else
        {
            Assert.Equal("already stored, but not indexed after 0.5 s", result.GetProperty("reason").GetString());
            Assert.True(reads > 1, $"{index} read {reads} times: not waited for");
        }
    }
}
