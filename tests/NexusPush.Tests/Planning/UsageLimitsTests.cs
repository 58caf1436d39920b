using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Runs;

namespace NexusPush.Tests.Planning;

/// <summary>The usage limits by edition and version, and what a compared plan would cost a Community Edition.</summary>
public sealed class UsageLimitsTests
{
    private static readonly ServerIdentity Community389 = ServerIdentity.Parse("Nexus/3.89.0-01 (COMMUNITY)")!;

    [Theory]
    [InlineData("Nexus/3.89.0-01 (COMMUNITY)", 40_000, 100_000)]
    [InlineData("Nexus/3.87.0-03 (COMMUNITY)", 40_000, 100_000)]
    [InlineData("Nexus/3.86.2-01 (COMMUNITY)", null, 200_000)]
    [InlineData("Nexus/3.77.0-08 (community)", null, 200_000)]
    public void For_CommunityEdition_HasTheLimitsOfItsVersion(string header, int? components, int? requests)
    {
        var limit = UsageLimits.For(ServerIdentity.Parse(header));

        Assert.NotNull(limit);
        Assert.Equal((components, requests), (limit.Components, limit.Requests));
    }

    [Theory]
    [InlineData("Nexus/3.89.0-01 (PRO)")]
    [InlineData("Nexus/3.89.0-01 (OSS)")]
    [InlineData("Nexus/3.76.1-01 (COMMUNITY)")]
    [InlineData("Nexus/3.89.0-01")]
    [InlineData("Nexus/snapshot (COMMUNITY)")]
    public void For_OtherEditionsOlderVersionsOrUnknown_HasNone(string header) =>
        Assert.Null(UsageLimits.For(ServerIdentity.Parse(header)));

    [Fact]
    public void For_NoServerHeader_HasNone() => Assert.Null(UsageLimits.For(null));

    [Fact]
    public void Estimate_CountsOnlyComponentsNexusDoesNotHoldYet()
    {
        PlanItem[] plan =
        [
            Raw("a.txt", RemoteState.Absent),
            Raw("b.txt", RemoteState.Unknown),
            Raw("c.txt", RemoteState.Present), // replaces an asset Nexus holds: no new component
            Raw("d.txt", RemoteState.Present) with { Action = PlanAction.Skip },
            Raw("e.txt", RemoteState.Unknown) with { Action = PlanAction.Fail },
            Package(ArtifactFormat.PyPi, "hello_world-2.0-py3-none-any.whl", "hello_world", "2.0"),
            Package(ArtifactFormat.PyPi, "hello-world-2.0.tar.gz", "Hello.World", "2.0"), // same component as the wheel
            Package(ArtifactFormat.NuGet, "Acme.Tool.1.2.3.nupkg", "Acme.Tool", "1.2.3"),
            Package(ArtifactFormat.NuGet, "copy/acme.tool.1.2.3.nupkg", "acme.tool", "1.2.3"),
            Package(ArtifactFormat.Apt, "p_1_amd64.deb", "p", "1", "/pool/p/p/p_1_amd64.deb"),
            Package(ArtifactFormat.Apt, "p_1_arm64.deb", "p", "1", "/pool/p/p/p_1_arm64.deb"),
            new PlanItem { LocalPath = "/x/u.bin", DisplayPath = "u.bin", FileName = "u.bin", Action = PlanAction.Unrouted },
        ];

        var estimate = UsageEstimate.Of(Community389, UsageLimits.For(Community389)!, plan, verify: true);

        // a, b, pypi hello-world 2.0, nuget acme.tool 1.2.3, two .deb files.
        Assert.Equal(6, estimate.NewComponents);

        // Preflight 3 + 3 × 4 repositories; one listing page for raw-r (its items were compared); uploads:
        // a 2, b 3 (HEAD first), c 2, two wheels/sdists 3 each, two nupkg 3 each, two .deb 3 each.
        Assert.Equal(15 + 1 + 2 + 3 + 2 + (6 * 3), estimate.ExpectedRequests);
        Assert.False(estimate.OverComponents);
    }

    [Fact]
    public void Estimate_UploadsIntoAListedRepository_CostListingReadsNotAHeadEach()
    {
        var plan = Enumerable.Range(0, 2000).Select(i => Raw($"f{i}.bin", RemoteState.Absent))
            .Concat(Enumerable.Range(0, 300).Select(i => Raw($"old{i}.bin", RemoteState.Present) with { Action = PlanAction.Skip }))
            .ToArray();

        var estimate = UsageEstimate.Of(Community389, UsageLimits.For(Community389)!, plan, verify: true);

        // Preflight 3 + 3; the comparison's listing of 2,300 planned files, 24 pages; 2,000 uploads; verification
        // in two batches of 1,000, each reading the whole repository: 1,300 then 2,300 assets, 14 + 24 pages.
        Assert.Equal(6 + 24 + 2000 + 14 + 24, estimate.ExpectedRequests);
        Assert.Equal(6 + 24 + 2000, UsageEstimate.Of(Community389, UsageLimits.For(Community389)!, plan, verify: false).ExpectedRequests);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(8, 5000, 8)] // a HEAD each up to eight
    [InlineData(9, 5000, 9)] // one read of 5,009 assets would take 51 pages: a HEAD each is cheaper, and the verifier takes it
    [InlineData(1200, 200_000, 1200)] // batches of 1,000 and 200, each cheaper by HEAD than by 2,011 or 2,013 pages
    [InlineData(9, 0, 1)]
    [InlineData(2500, 0, 11 + 21 + 26)] // batches of 1,000, 1,000, 500 in an empty repository
    [InlineData(3000, 4000, 51 + 61 + 71)] // batches of 1,000 whatever the repository's size: a read of 5,000, 6,000, 7,000 assets
    public void RequestsToVerify_FollowsTheBatches(int uploads, long assets, long expected) =>
        Assert.Equal(expected, VerificationBatches.RequestsToVerify(uploads, assets));

    [Fact]
    public async Task Gate_PlanOverTheComponentLimit_DoesNotStart_NamingNumbersAndWaysOut()
    {
        var summary = new RunSummary();

        var refusal = await Assert.ThrowsAsync<UsageException>(() => GateAsync(40_001, summary, ignore: false, dryRun: false));

        Assert.Equal(2, refusal.ExitCode);
        Assert.Contains("this run adds 40,001 new components", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 40,000 components", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--shard K/N", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Pro licence", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--ignore-usage-limits", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_AtTheComponentLimit_Starts()
    {
        var summary = new RunSummary();

        var plan = await GateAsync(40_000, summary, ignore: false, dryRun: false);

        Assert.Equal(40_000, (await plan.ToListAsync(TestContext.Current.CancellationToken)).Count);
        Assert.Equal(40_000, summary.Usage!.NewComponents);
        Assert.False(summary.Usage.OverRequests); // 40,000 uploads and the listing pages that verify them stay under 100,000
    }

    [Fact]
    public async Task Gate_RequestsOverTheLimit_StartsAndSuggestsMaxRequests()
    {
        var summary = new RunSummary();

        // 34,000 uploads nobody compared yet: a HEAD, the upload and its verification each, 102,000 requests.
        var plan = await GateAsync(34_000, summary, ignore: false, dryRun: false, RemoteState.Unknown);

        Assert.Equal(34_000, (await plan.ToListAsync(TestContext.Current.CancellationToken)).Count);
        Assert.True(summary.Usage!.OverRequests);
        Assert.False(summary.Usage.OverComponents);
        Assert.Contains("sends about 102,006 requests", summary.Usage.RequestWarning(), StringComparison.Ordinal);
        Assert.Contains("--max-requests N and --journal FILE", summary.Usage.RequestWarning(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_IgnoreUsageLimits_StartsAnyway()
    {
        var summary = new RunSummary();

        var plan = await GateAsync(40_001, summary, ignore: true, dryRun: false);

        Assert.Equal(40_001, (await plan.ToListAsync(TestContext.Current.CancellationToken)).Count);
        Assert.Null(summary.FatalError);
        Assert.Equal(40_001, summary.Usage!.NewComponents);
    }

    [Fact]
    public async Task Gate_DryRunOverTheLimit_ReportsThePlanAndExits2()
    {
        var summary = new RunSummary();

        var plan = await GateAsync(40_001, summary, ignore: false, dryRun: true);

        Assert.Equal(40_001, (await plan.ToListAsync(TestContext.Current.CancellationToken)).Count);
        Assert.Equal(2, summary.ExitCode);
        Assert.Contains("40,001 new components", summary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_ProEdition_KeepsTheStreamUntouched()
    {
        var summary = new RunSummary();
        var stream = Enumerable.Range(0, 3).Select(i => Raw($"f{i}", RemoteState.Absent)).ToAsyncEnumerable();

        var plan = await UsageGate.ApplyAsync(stream, ServerIdentity.Parse("Nexus/3.89.0-01 (PRO)"), new UsageGate.Settings(true, false, false), summary, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Same(stream, plan);
        Assert.Null(summary.Usage);
    }

    private static Task<IAsyncEnumerable<PlanItem>> GateAsync(int files, RunSummary summary, bool ignore, bool dryRun, RemoteState remote = RemoteState.Absent) =>
        UsageGate.ApplyAsync(
            Enumerable.Range(0, files).Select(i => Raw($"d{i / 1000}/f{i}.txt", remote)).ToAsyncEnumerable(),
            Community389, new UsageGate.Settings(Verify: true, ignore, dryRun), summary, NullLogger.Instance, TestContext.Current.CancellationToken);

    private static PlanItem Raw(string path, RemoteState remote) => new()
    {
        LocalPath = "/x/" + path,
        DisplayPath = path,
        FileName = path,
        Format = ArtifactFormat.Raw,
        Repository = "raw-r",
        TargetPath = "/" + path,
        Action = PlanAction.Upload,
        Remote = remote,
    };

    private static PlanItem Package(ArtifactFormat format, string path, string name, string version, string? target = null) => new()
    {
        LocalPath = "/x/" + path,
        DisplayPath = path,
        FileName = Path.GetFileName(path),
        Format = format,
        Package = new PackageInfo(name, version),
        Repository = format.NexusId() + "-r",
        TargetPath = target,
        Action = PlanAction.Upload,
    };
}
