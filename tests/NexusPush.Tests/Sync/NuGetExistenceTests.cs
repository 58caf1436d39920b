using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Execution;
using NexusPush.Formats;
using NexusPush.Planning;
using NexusPush.Runs;
using NexusPush.Tests.Formats;
using NexusPush.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Sync;

/// <summary>
/// Nexus's stored path of a .nupkg cannot be predicted from its file name, so whether it is there, and whether it
/// arrived intact, is asked by package id and version (case-insensitive, as NuGet ids are).
/// </summary>
public sealed class NuGetExistenceTests : IDisposable
{
    private const string Fixture = "Acme.Tool.1.2.3.nupkg";
    private readonly NuGetNexus _nexus = new();
    private readonly TempDir _tree = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _tree.Dispose();
    }

    [Fact]
    public async Task SyncDir_IdenticalNupkgRerunUnderAllowOnce_PostsNothingAndExitsZero()
    {
        _tree.Write("pkgs/Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(1, _nexus.Posts);
        var item = Assert.Single(SyncRun.Items(second.Stdout));
        Assert.Equal(("skipped", "identical"), (item.Action, item.Reason));
    }

    [Fact]
    public async Task SyncDir_IdenticalStoredPackage_IsJournaledWithItsChecksums_SoTheNextRunNeedNotHashIt()
    {
        _nexus.Store("Acme.Tool", "1.2.3", PackageFixtures.Bytes(Fixture));
        var file = _tree.Write("pkgs/Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));
        var journal = _tree.Path + ".journal";
        try
        {
            var run = await RunAsync("--journal", journal);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal("skipped", Assert.Single(SyncRun.Items(run.Stdout)).Action);
            using var entry = JsonDocument.Parse(Assert.Single(File.ReadAllLines(journal), l => l.Length > 0));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(File.ReadAllBytes(file))), entry.RootElement.GetProperty("sha1").GetString());
            Assert.Equal("skipped", entry.RootElement.GetProperty("action").GetString());
        }
        finally
        {
            File.Delete(journal);
        }
    }

    [Fact]
    public async Task SyncDir_IdStoredInOtherCase_IsTheSamePackage()
    {
        _nexus.Store("ACME.TOOL", "1.2.3", PackageFixtures.Bytes(Fixture));
        _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, _nexus.Posts);
        Assert.Equal("skipped", Assert.Single(SyncRun.Items(run.Stdout)).Action);
    }

    [Fact]
    public async Task SyncDir_DifferentBytesSameIdAndVersion_FailsNamingIdAndVersion()
    {
        _nexus.Store("acme.tool", "1.2.3", Nupkg("Acme.Tool", "1.2.3", "an older build"));
        _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await RunAsync();

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(0, _nexus.Posts);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("Acme.Tool 1.2.3 in repository 'nuget-h' already holds different content", item.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(409)]
    public async Task SyncDir_OverwriteRefusedByAllowOnce_FailsNamingIdAndVersion(int refusal)
    {
        _nexus.RefusalStatus = refusal;
        _nexus.Store("Acme.Tool", "1.2.3", Nupkg("Acme.Tool", "1.2.3", "an older build"));
        _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await RunAsync("--on-conflict", "overwrite");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(1, _nexus.Posts);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("Acme.Tool 1.2.3 in repository 'nuget-h' already holds different content", item.Reason, StringComparison.Ordinal);
        Assert.Contains($"the repository does not allow redeploy ({refusal}, write policy ALLOW_ONCE); bump the version", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_SearchBehindAndIdenticalStored_RefusalIsSettledByTheListing()
    {
        // The search index trails uploads: it misses the package, the upload is refused, the listing shows the same bytes.
        _nexus.Store("Acme.Tool", "1.2.3", PackageFixtures.Bytes(Fixture));
        _nexus.SearchCurrent = false;
        _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, _nexus.Posts);
        Assert.Equal(("skipped", "identical"), Assert.Single(SyncRun.Items(run.Stdout)) is var i ? (i.Action, i.Reason) : default);
    }

    [Fact]
    public async Task SyncDir_NewPackage_IsVerifiedByIdAndVersionAndReportsNexussPath()
    {
        _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        var item = Assert.Single(report.RootElement.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(("uploaded", "/acme.tool/1.2.3"), (item.GetProperty("action").GetString(), item.GetProperty("path").GetString()));
        Assert.True(_nexus.Gets("/service/rest/v1/search") >= 2, "existence and verification both ask Nexus");
    }

    [Fact]
    public async Task SyncDir_DryRun_PlansIdenticalPackageAsSkipped()
    {
        _nexus.Store("Acme.Tool", "1.2.3", PackageFixtures.Bytes(Fixture));
        _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await RunAsync("--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("skipped", Assert.Single(SyncRun.Items(run.Stdout)).Action);
    }

    [Fact]
    public async Task Verify_SearchStillBehindAfterRetries_TheListingDecides()
    {
        _nexus.SearchCurrent = false;
        var uploader = Uploader(_nexus.Url);

        var result = await uploader.RunAsync(Item(PackageFixtures.PathOf(Fixture)), null, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Uploaded, result.Action);
        Assert.Equal("/acme.tool/1.2.3", result.Item.TargetPath);
        Assert.Equal(1 + 3, _nexus.Gets("/service/rest/v1/search")); // The existence check, then the first try and two retries.
        Assert.True(_nexus.Gets("/service/rest/v1/components") >= 1);
    }

    [Fact]
    public async Task Upload_UserMayAddButNotBrowse_FailsUnverifiedLikeAnyFormat()
    {
        _nexus.Browsable = false;
        var file = _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await CliRun.RunAsync(["upload", file, "--url", _nexus.Url, "-r", NuGetNexus.Repository, "--retries", "0", "-o", "json"]);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(1, _nexus.Posts);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.StartsWith("uploaded but not verified: this user may not read repository 'nuget-h'", item.Reason, StringComparison.Ordinal);
        Assert.Contains("403", item.Reason, StringComparison.Ordinal);
        Assert.Contains("--no-verify", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UserMayAddButNotBrowse_NoVerify_IsUploadedNotVerified()
    {
        _nexus.Browsable = false;
        var file = _tree.Write("Acme.Tool.1.2.3.nupkg", PackageFixtures.Bytes(Fixture));

        var run = await CliRun.RunAsync(["upload", file, "--url", _nexus.Url, "-r", NuGetNexus.Repository, "--retries", "0", "--no-verify", "-o", "json"]);

        Assert.Equal(0, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal(("uploaded", "not verified (--no-verify)"), (item.Action, item.Reason));
    }

    [Fact]
    public async Task Verify_NexusAcceptsButListsNothing_IsFailed()
    {
        using var fake = new NexusFake();
        fake.StubUpload(NuGetNexus.Repository);
        var empty = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"items":[],"continuationToken":null}""");
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/search").UsingGet()).RespondWith(empty);
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingGet()).RespondWith(empty);

        var result = await Uploader(fake.Url).RunAsync(Item(PackageFixtures.PathOf(Fixture)), null, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Contains("lists no Acme.Tool 1.2.3 in repository 'nuget-h'", result.Reason, StringComparison.Ordinal);
    }

    private Task<CliOutcome> RunAsync(params string[] more) =>
        CliRun.RunAsync(["sync-dir", _tree.Path, "--url", _nexus.Url, "--nuget-repository", NuGetNexus.Repository, "--retries", "0", "-o", "json", .. more]);

    private static NuGetItemUploader Uploader(string url) =>
        new(Clients.For(url, retries: 0), new ExecutionOptions(), new NuGetRemote(Clients.For(url, retries: 0), [TimeSpan.Zero, TimeSpan.Zero]));

    private static PlanItem Item(string path)
    {
        var detection = FormatDetector.Detect(path);
        return new PlanItem
        {
            LocalPath = path,
            DisplayPath = Path.GetFileName(path),
            Length = new FileInfo(path).Length,
            Format = detection.Format,
            Package = detection.Package,
            Repository = NuGetNexus.Repository,
            FileName = Path.GetFileName(path),
            Action = PlanAction.Upload,
        };
    }

    /// <summary>A .nupkg as <c>dotnet pack</c> lays it out: the nuspec at the root, the payload under lib/.</summary>
    internal static byte[] Nupkg(string id, string version, string payload)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string content)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }

            Add($"{id}.nuspec", $"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{id}</id><version>{version}</version><authors>t</authors><description>t</description></metadata></package>");
            Add($"lib/net8.0/{id}.dll", payload);
        }

        return buffer.ToArray();
    }
}
