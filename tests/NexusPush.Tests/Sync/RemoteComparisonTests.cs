using NexusPush.Tests.Support;

namespace NexusPush.Tests.Sync;

/// <summary>Listing vs HEAD (nexus-contract.md §4, §5.1): pagination shapes, fallbacks, identical vs conflicting content.</summary>
public sealed class RemoteComparisonTests
{
    [Theory]
    [InlineData(10, true, 25, 3)]
    [InlineData(10, false, 30, 4)] // three full pages, then the empty last page with a null token
    [InlineData(100, true, 25, 1)]
    [InlineData(100, false, 100, 2)]
    public async Task SyncDir_RepositoryAlreadyHoldsAll_ListsPagesAndSkipsWithoutPostOrHead(int pageSize, bool leadingSlash, int files, int expectedPages)
    {
        using var nexus = new StatefulNexus { PageSize = pageSize, LeadingSlash = leadingSlash };
        using var tree = SyncRun.Tree(files);
        SyncRun.StoreAll(nexus, tree);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(nexus.Uploads);
        Assert.Equal(0, nexus.Heads);
        Assert.Equal(expectedPages, nexus.Count("GET", "/service/rest/v1/assets"));
        Assert.All(SyncRun.Items(outcome.Stdout), i => Assert.Equal("skipped", i.Action));
    }

    [Fact]
    public async Task SyncDir_FewFilesForARepository_UsesHeadNotListing()
    {
        using var nexus = new StatefulNexus();
        using var tree = SyncRun.Tree(3);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--no-verify");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(0, nexus.Count("GET", "/service/rest/v1/assets"));
        Assert.Equal(3, nexus.Heads);
        Assert.Equal(3, nexus.Uploads.Count);
    }

    [Theory]
    [InlineData(403, null)]
    [InlineData(null, "<html>proxy login</html>")]
    public async Task SyncDir_ListingRefusedOrNotJson_FallsBackToHead(int? status, string? body)
    {
        using var nexus = new StatefulNexus { ListingStatus = status, ListingBody = body };
        using var tree = SyncRun.Tree(25);
        nexus.Store("raw-h", "/f0/f000.txt", "content of file 0"u8.ToArray());

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--no-verify");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(1, nexus.Count("GET", "/service/rest/v1/assets"));
        Assert.Equal(25, nexus.Heads);
        Assert.Equal(24, nexus.Uploads.Count);
        Assert.Contains("checking each file with HEAD", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_DifferentContentAtTargetPath_FailsWithBothChecksumsAndNoPost()
    {
        using var nexus = new StatefulNexus();
        using var tree = SyncRun.Tree(25);
        SyncRun.StoreAll(nexus, tree);
        nexus.Store("raw-h", "/f1/f012.txt", "someone else's bytes"u8.ToArray());

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json");

        Assert.Equal(4, outcome.ExitCode);
        Assert.Empty(nexus.Uploads);
        var conflict = SyncRun.Items(outcome.Stdout).Single(i => i.Action == "failed");
        Assert.Equal("f1/f012.txt", conflict.File);
        Assert.Matches("Nexus SHA-1 [0-9a-f]{40}, local SHA-1 [0-9a-f]{40}", conflict.Reason);
    }

    [Fact]
    public async Task SyncDir_ConflictWithOnConflictSkip_KeepsNexusCopy()
    {
        using var nexus = new StatefulNexus();
        using var tree = SyncRun.Tree(25);
        SyncRun.StoreAll(nexus, tree);
        nexus.Store("raw-h", "/f1/f012.txt", "someone else's bytes"u8.ToArray());

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json", "--on-conflict", "skip");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(nexus.Uploads);
        Assert.Equal("someone else's bytes"u8.ToArray(), nexus.Stored("raw-h", "/f1/f012.txt"));
        Assert.Contains("kept Nexus's copy", SyncRun.Items(outcome.Stdout).Single(i => i.File == "f1/f012.txt").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_Cancelled_Exits130_AndRerunUploadsOnlyTheRest()
    {
        using var nexus = new StatefulNexus();
        using var tree = SyncRun.Tree(8);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        nexus.OnUpload = _ => cancel.Cancel();

        var first = await SyncRun.RunAsync(nexus, tree.Path, cancel.Token, "--parallel", "1");
        var landed = nexus.Uploads.Count;
        nexus.OnUpload = null;
        var second = await SyncRun.RunAsync(nexus, tree.Path, TestContext.Current.CancellationToken, "--parallel", "1");

        Assert.Equal(130, first.ExitCode);
        Assert.InRange(landed, 1, 2);
        Assert.Contains("8 files", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(8, nexus.Uploads.Count);
        Assert.Equal(8, nexus.Uploads.Distinct().Count());
    }
}
