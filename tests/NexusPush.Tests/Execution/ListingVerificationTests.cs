using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Sync;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Execution;

/// <summary>
/// Uploads into a repository the comparison read through its listing are verified by reading the listing again
/// after the uploads (one page per 100 assets), not by one HEAD per file; the invariant is the HEAD's: uploaded only
/// when the listing's SHA-1 equals the bytes sent, and a file the listing does not show after a re-read fails.
/// </summary>
public sealed class ListingVerificationTests
{
    private const string Assets = "/service/rest/v1/assets";

    [Fact]
    public async Task ManyUploads_AreVerifiedByListingPages_NotOneHeadEach()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(250);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.All(SyncRun.Items(outcome.Stdout), i => Assert.Equal("uploaded", i.Action));
        Assert.Equal(250, nexus.StoredUploads.Count);
        Assert.Equal(0, nexus.Heads);

        // One listing page for the comparison (the repository is empty), then 250 assets at 100 a page: 3 pages.
        Assert.Equal(1 + 3, nexus.Count("GET", Assets));
    }

    [Fact]
    public async Task FileTheListingNeverShows_FailsAfterOneReRead_OthersUploaded()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(30);
        nexus.HideFromListing = path => path.EndsWith("/f007.txt", StringComparison.Ordinal);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(ExitCodes.ItemsFailed, outcome.ExitCode);
        var items = SyncRun.Items(outcome.Stdout);
        Assert.Equal(30, items.Count);
        var failed = Assert.Single(items, i => i.Action == "failed");
        Assert.EndsWith("f007.txt", failed.File, StringComparison.Ordinal);
        Assert.Contains("is not in the repository's asset listing", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(29, items.Count(i => i.Action == "uploaded"));

        // The comparison, then the verification's read and its one bounded re-read; no HEAD.
        Assert.Equal(3, nexus.Count("GET", Assets));
        Assert.Equal(0, nexus.Heads);
    }

    [Fact]
    public async Task FileShownOnlyByTheReRead_IsUploaded()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(30);
        var asked = 0;
        nexus.HideFromListing = path => path.EndsWith("/f007.txt", StringComparison.Ordinal) && Interlocked.Increment(ref asked) == 1;

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.All(SyncRun.Items(outcome.Stdout), i => Assert.Equal("uploaded", i.Action));
        Assert.Equal(3, nexus.Count("GET", Assets));
    }

    [Fact]
    public async Task ListingWithAnotherChecksum_FailsTheItem()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(30);
        nexus.WrongChecksumFor = path => path.EndsWith("/f011.txt", StringComparison.Ordinal);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(ExitCodes.ItemsFailed, outcome.ExitCode);
        var failed = Assert.Single(SyncRun.Items(outcome.Stdout), i => i.Action == "failed");
        Assert.EndsWith("f011.txt", failed.File, StringComparison.Ordinal);
        Assert.Contains("verification failed: Nexus holds SHA-1", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadsFewerThanTheListingsPages_AreVerifiedByHead_NotByReadingTheWholeRepositoryAgain()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        for (var i = 0; i < 3000; i++)
        {
            nexus.Store("raw-h", $"/old/a{i:0000}.bin", [1]);
        }

        using var tree = SyncRun.Tree(25);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.All(SyncRun.Items(outcome.Stdout), i => Assert.Equal("uploaded", i.Action));

        // The comparison reads the 3,000 assets once (31 pages). Reading them again for 25 uploads would cost up to
        // 31 pages more; a HEAD each costs 25.
        Assert.Equal(31, nexus.Count("GET", Assets));
        Assert.Equal(25, nexus.Heads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task FewFiles_AreStillVerifiedByHead(int files)
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(files);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Equal(0, nexus.Count("GET", Assets));

        // One HEAD before each upload (too few files to list the repository) and one after it.
        Assert.Equal(2 * files, nexus.Heads);
    }

    [Fact]
    public async Task Report_RequestCounts_EqualWhatTheServerSaw()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(40);
        var report = Path.Combine(tree.Path, "..", Path.GetFileName(tree.Path) + "-report.json");
        try
        {
            var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--report", report);

            Assert.Equal(ExitCodes.Success, outcome.ExitCode);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            var requests = document.RootElement.GetProperty("requests");
            Assert.Equal(nexus.Requests.Count, requests.GetProperty("total").GetInt32());
            Assert.Equal(nexus.Count("POST", "/service/rest/v1/components"), requests.GetProperty("upload").GetInt32());
            Assert.Equal(nexus.Count("GET", Assets), requests.GetProperty("listing").GetInt32());
            Assert.Equal(nexus.Heads, requests.GetProperty("head").GetInt32());
            Assert.Equal(nexus.Requests.Count - nexus.Count("POST", "/service/rest/v1/components") - nexus.Count("GET", Assets) - nexus.Heads, requests.GetProperty("preflight").GetInt32());
            Assert.Equal(0, requests.GetProperty("statusProbe").GetInt32());
            Assert.Equal(0, requests.GetProperty("search").GetInt32());
            Assert.Contains($"{nexus.Requests.Count} requests to Nexus:", outcome.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(report);
        }
    }
}
