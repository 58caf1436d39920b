using System.Text.Json;
using NexusPush.Planning;
using NexusPush.Runs;
using NexusPush.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;


namespace NexusPush.Tests.IndexWait;

/// <summary><c>upload --wait-index</c> end to end: a real .deb, a WireMock Nexus whose apt index lists it (or not).</summary>
public sealed class UploadWaitIndexTests
{
    [Fact]
    public async Task Upload_WaitIndexAndPackageAppearsLater_ReportsUploadedAndExits0()
    {
        using var temp = new TempDir();
        var deb = await DebFixture.BuildAsync(temp);
        using var nexus = Healthy();
        nexus.ServeAfter("apt-hosted", "/dists/bookworm" + PackagesPath(deb), missing: 2, PackagesListing(deb));

        var run = await CliRun.RunAsync([.. Upload(deb), "--wait-index=30", "--apt-distribution", "bookworm"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("uploaded", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, nexus.Requests.Count(r => r.RequestMessage!.Path == "/repository/apt-hosted/dists/bookworm" + PackagesPath(deb)));
    }

    [Fact]
    public async Task Upload_WaitIndexTimesOut_ItemFailsWithReasonAndExit4()
    {
        using var temp = new TempDir();
        var deb = await DebFixture.BuildAsync(temp);
        using var nexus = Healthy();
        nexus.Serve("apt-hosted", "/dists/bookworm" + PackagesPath(deb), IndexFixtures.PackagesStanza("unrelated", "1", "amd64"));

        var run = await CliRun.RunAsync([.. Upload(deb), "--wait-index=0.5", "--apt-distribution", "bookworm", "--output", "json"], nexus.Env());

        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal(4, run.ExitCode);
        var item = Assert.Single(report.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("failed", item.GetProperty("action").GetString());
        Assert.Equal("not indexed after 0.5 s", item.GetProperty("reason").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("totals").GetProperty("failed").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());
        Assert.Single(nexus.Uploads);
    }

    [Fact]
    public async Task Upload_RpmWaitIndex_FindsItThroughRepomdAndPrimaryAtTheRepodataDepth()
    {
        var rpm = NexusPush.Tests.Formats.PackageFixtures.PathOf("tool-3.1.4-7.el9.x86_64.rpm");
        using var nexus = new NexusFake().StubHealthy().StubRepository("yum-hosted", "yum").StubUpload("yum-hosted");
        var item = UploadPlanner.Plan(new UploadRequestOptions([rpm], "yum-hosted", null, "el9/x86_64", null)).Single();
        var package = item.Package!;

        // Repodata depth 1: /el9/repodata lists x86_64/<file> (createrepo hrefs are relative to the folder holding repodata/).
        nexus.Serve("yum-hosted", "/el9/repodata/repomd.xml", IndexFixtures.Repomd("repodata/abc-primary.xml.gz"));
        nexus.Serve("yum-hosted", "/el9/repodata/abc-primary.xml.gz", IndexFixtures.PrimaryGz((package.Name, package.Version.Split(':')[^1], package.Release!, package.Architecture!, "x86_64/" + item.FileName)));

        var run = await CliRun.RunAsync(["upload", rpm, "-r", "yum-hosted", "-d", "el9/x86_64", "--no-verify", "--wait-index=30", "--wait-index-interval", "0.02"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("uploaded", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, nexus.Requests.Count(r => r.RequestMessage!.Path == "/repository/yum-hosted/el9/repodata/abc-primary.xml.gz"));
    }

    [Fact]
    public async Task Upload_WaitIndexWithoutDistribution_ReadsItFromTheRepositorySettings()
    {
        using var temp = new TempDir();
        var deb = await DebFixture.BuildAsync(temp);
        using var nexus = Healthy();
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/repositories/apt/hosted/apt-hosted").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"name":"apt-hosted","online":true,"apt":{"distribution":"jammy","flat":false},"aptSigning":{}}"""));
        nexus.Serve("apt-hosted", "/dists/jammy" + PackagesPath(deb), PackagesListing(deb));

        var run = await CliRun.RunAsync([.. Upload(deb), "--wait-index=30"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Upload_WaitIndexDistributionUnknown_Exits2BeforeUploading()
    {
        using var temp = new TempDir();
        var deb = await DebFixture.BuildAsync(temp);
        using var nexus = Healthy();
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/repositories/apt/hosted/apt-hosted").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(403));

        var run = await CliRun.RunAsync([.. Upload(deb), "--wait-index"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --wait-index needs the distribution of apt repository 'apt-hosted' (reading its settings needs admin read: 403); pass --apt-distribution", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
    }

    [Theory]
    [InlineData("--wait-index", 300)]
    [InlineData("--wait-index=42", 42)]
    public void Parse_WaitIndexWithOrWithoutValue_GivesTheTimeout(string flag, double seconds)
    {
        var context = new NexusPush.Cli.CliContext(TextWriter.Null, TextWriter.Null, ProcessEnvironment.FromDictionary(new Dictionary<string, string>()));
        var root = NexusPush.Cli.CliApp.BuildRoot(context);

        var parse = root.Parse(["upload", "a.deb", "-r", "apt-hosted", flag]);

        Assert.Empty(parse.Errors);
        Assert.Equal(TimeSpan.FromSeconds(seconds), parse.GetValue<TimeSpan?>("--wait-index"));
    }

    [Fact]
    public async Task Upload_WaitIndexFollowedByAFile_Exits2SayingHowToWriteIt()
    {
        var run = await CliRun.RunAsync(["upload", "--wait-index", "a.deb", "-r", "apt-hosted"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --wait-index takes a number of seconds, not 'a.deb'; write --wait-index=SECONDS, or put --wait-index after the files.", run.Stderr, StringComparison.Ordinal);
    }

    private static string[] Upload(string deb) => ["upload", deb, "-r", "apt-hosted", "--wait-index-interval", "0.02", "--no-verify"];

    private static NexusFake Healthy() => new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt").StubUpload("apt-hosted");

    /// <summary>What the planner makes of the .deb (name, version, architecture, stored path), so the fixture index lists exactly that.</summary>
    private static PlanItem Planned(string deb) => UploadPlanner.Plan(new UploadRequestOptions([deb], "apt-hosted", null, null, null)).Single();

    private static string PackagesPath(string deb) => $"/main/binary-{Planned(deb).Package!.Architecture}/Packages";

    private static string PackagesListing(string deb)
    {
        var item = Planned(deb);
        return IndexFixtures.PackagesStanza("unrelated", "1", "amd64") + "\n" + IndexFixtures.PackagesStanza(item.Package!.Name, item.Package.Version, item.Package.Architecture!, item.TargetPath?.TrimStart('/'));
    }
}
