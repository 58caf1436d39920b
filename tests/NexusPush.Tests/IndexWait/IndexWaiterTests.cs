using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Formats;
using NexusPush.IndexWait;
using NexusPush.Nexus;
using NexusPush.Runs;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.IndexWait;

/// <summary><see cref="IndexWaiter"/> polling fixture indexes served by WireMock; the only waiting is the tool's own short poll interval.</summary>
public sealed class IndexWaiterTests : IDisposable
{
    private readonly NexusFake _nexus = new();
    private readonly NexusClientFactory _clients;
    private readonly NexusClient _client;

    public IndexWaiterTests()
    {
        _nexus.StubAbsentByDefault();
        _clients = new NexusClientFactory(new NexusOptions { BaseUrl = new Uri(_nexus.Url), Retries = 0 });
        _client = _clients.CreateClient(NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task WaitAsync_AptPackageAlreadyListed_IsIndexedAfterOneRead()
    {
        _nexus.Serve("apt-hosted", "/dists/bookworm/main/binary-amd64/Packages", IndexFixtures.PackagesStanza("other", "1", "amd64") + "\n" + IndexFixtures.PackagesStanza("hello", "2.0-1", "amd64"));
        var target = Target(ArtifactFormat.Apt, "apt-hosted", new PackageInfo("hello", "2.0-1", "amd64"), "/pool/h/hello/hello_2.0-1_amd64.deb");

        var verdicts = await Waiter(TimeSpan.FromSeconds(5)).WaitAsync([target], TestContext.Current.CancellationToken);

        Assert.Null(verdicts[target]);
        Assert.Equal(1, CountGets("/repository/apt-hosted/dists/bookworm/main/binary-amd64/Packages"));
    }

    [Fact]
    public async Task WaitAsync_AptIndexRebuiltLater_PollsUntilThePackageAppears()
    {
        _nexus.ServeAfter("apt-hosted", "/dists/bookworm/main/binary-amd64/Packages", missing: 3, IndexFixtures.PackagesStanza("hello", "2.0-1", "amd64"));
        var target = Target(ArtifactFormat.Apt, "apt-hosted", new PackageInfo("hello", "2.0-1", "amd64"), "/pool/h/hello/hello_2.0-1_amd64.deb");

        var verdicts = await Waiter(TimeSpan.FromSeconds(30)).WaitAsync([target], TestContext.Current.CancellationToken);

        Assert.Null(verdicts[target]);
        Assert.Equal(4, CountGets("/repository/apt-hosted/dists/bookworm/main/binary-amd64/Packages"));
    }

    [Fact]
    public async Task WaitAsync_OtherVersionListed_TimesOutWithReason()
    {
        _nexus.Serve("apt-hosted", "/dists/bookworm/main/binary-amd64/Packages", IndexFixtures.PackagesStanza("hello", "1.9-1", "amd64"));
        var target = Target(ArtifactFormat.Apt, "apt-hosted", new PackageInfo("hello", "2.0-1", "amd64"), "/pool/h/hello/hello_2.0-1_amd64.deb");

        var verdicts = await Waiter(TimeSpan.FromSeconds(0.3)).WaitAsync([target], TestContext.Current.CancellationToken);

        Assert.Equal("not indexed after 0.3 s", verdicts[target]);
    }

    [Fact]
    public async Task WaitAsync_ArchitectureAll_IsFoundInAnyBinaryIndexTheReleaseLists()
    {
        _nexus.Serve("apt-hosted", "/dists/bookworm/Release", "Suite: bookworm\nSHA256:\n abc 10 main/binary-arm64/Packages\n");
        _nexus.Serve("apt-hosted", "/dists/bookworm/main/binary-arm64/Packages", IndexFixtures.PackagesStanza("docs", "1.0", "all"));
        var target = Target(ArtifactFormat.Apt, "apt-hosted", new PackageInfo("docs", "1.0", "all"), "/pool/d/docs/docs_1.0_all.deb");

        var verdicts = await Waiter(TimeSpan.FromSeconds(5)).WaitAsync([target], TestContext.Current.CancellationToken);

        Assert.Null(verdicts[target]);
    }

    [Fact]
    public async Task WaitAsync_YumRepodataAtDepthOne_FindsPackageByNameVersionReleaseArch()
    {
        _nexus.Serve("yum-hosted", "/el9/repodata/repomd.xml", IndexFixtures.Repomd("repodata/111-primary.xml.gz"));
        _nexus.Serve("yum-hosted", "/el9/repodata/111-primary.xml.gz", IndexFixtures.PrimaryGz(("foo", "1.2", "3.el9", "x86_64", "x86_64/foo-1.2-3.el9.x86_64.rpm")));
        var target = Target(ArtifactFormat.Yum, "yum-hosted", new PackageInfo("foo", "1.2", "x86_64", "3.el9"), "/el9/x86_64/foo-1.2-3.el9.x86_64.rpm");

        var verdicts = await Waiter(TimeSpan.FromSeconds(5)).WaitAsync([target], TestContext.Current.CancellationToken);

        Assert.Null(verdicts[target]);
        Assert.Equal(1, CountGets("/repository/yum-hosted/el9/x86_64/repodata/repomd.xml"));
    }

    [Fact]
    public async Task WaitAsync_YumRepomdUnchanged_ReadsThePrimaryFileOnlyOnce()
    {
        _nexus.Serve("yum-hosted", "/repodata/repomd.xml", IndexFixtures.Repomd("repodata/222-primary.xml.gz"));
        _nexus.Serve("yum-hosted", "/repodata/222-primary.xml.gz", IndexFixtures.PrimaryGz(("bar", "1", "1", "noarch", "bar-1-1.noarch.rpm")));
        var target = Target(ArtifactFormat.Yum, "yum-hosted", new PackageInfo("foo", "1.2", "x86_64", "3"), "/foo-1.2-3.x86_64.rpm");

        var verdicts = await Waiter(TimeSpan.FromSeconds(1.5)).WaitAsync([target], TestContext.Current.CancellationToken);

        Assert.Equal("not indexed after 1.5 s", verdicts[target]);
        Assert.True(CountGets("/repository/yum-hosted/repodata/repomd.xml") >= 2);
        Assert.Equal(1, CountGets("/repository/yum-hosted/repodata/222-primary.xml.gz"));
    }

    public void Dispose()
    {
        _clients.Dispose();
        _nexus.Dispose();
    }

    internal static IndexWaitTarget Target(ArtifactFormat format, string repository, PackageInfo package, string? path) => new(new ItemResult(
        new PlanItem { LocalPath = "x", DisplayPath = Path.GetFileName(path ?? "x"), FileName = "x", Format = format, Package = package, Repository = repository, TargetPath = path, Action = PlanAction.Upload },
        ItemAction.Uploaded));

    private IndexWaiter Waiter(TimeSpan timeout) => new(
        _client,
        new IndexWaitOptions { Timeout = timeout, Interval = TimeSpan.FromMilliseconds(20), AptDistributions = new Dictionary<string, string> { ["apt-hosted"] = "bookworm" } },
        TimeProvider.System,
        NullLogger.Instance);

    private int CountGets(string path) => _nexus.Requests.Count(r => r.RequestMessage!.Method == "GET" && r.RequestMessage.Path == path);
}
