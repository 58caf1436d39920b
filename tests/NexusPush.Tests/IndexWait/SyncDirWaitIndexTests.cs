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
}
