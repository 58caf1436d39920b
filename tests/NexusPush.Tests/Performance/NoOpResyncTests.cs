using NexusPush.LocalFiles;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Performance;

/// <summary>
/// Re-syncing a tree Nexus already holds costs listing pages, not requests per file. Extends
/// SyncDirTests.SyncDir_ImmediateRerun_PostsNothingAndReportsEveryFileSkipped (no POSTs on a re-run) and
/// RemoteComparisonTests.SyncDir_RepositoryAlreadyHoldsAll_ListsPagesAndSkipsWithoutPostOrHead (a pre-filled fake) with
/// the whole request log of a real second run and the local reads it makes.
/// </summary>
public sealed class NoOpResyncTests
{
    [Theory]
    [InlineData(100, 1)]
    [InlineData(10, 7)] // six full pages, then the empty last page with a null token
    public async Task SyncDir_SecondRunOfSixtyFiles_OnlyListsPagesAndHashesEachFileOnce(int pageSize, int pages)
    {
        using var tree = SyncRun.Tree(60);
        using var firstNexus = new StatefulNexus();
        var first = await SyncRun.RunAsync(firstNexus, tree.Path, "--parallel", "4");
        Assert.Equal((0, 60), (first.ExitCode, firstNexus.Uploads.Count));

        // The second run talks to a fresh fake holding exactly what the first run stored, so its request log holds
        // the second run only (WireMock logs a request after answering it: a shared log could still be catching up).
        using var nexus = new StatefulNexus { PageSize = pageSize };
        foreach (var (repository, path) in firstNexus.Uploads)
        {
            nexus.Store(repository, path, firstNexus.Stored(repository, path)!);
        }

        using var reads = FileReadCounter.Start();
        var second = await SyncRun.RunAsync(nexus, tree.Path, "--parallel", "4", "-o", "json");

        Assert.Equal(0, second.ExitCode);
        var requests = nexus.Server.LogEntries.Select(e => (e.RequestMessage!.Method, e.RequestMessage.Path)).ToList();
        Assert.DoesNotContain(requests, r => r.Method == "POST");
        Assert.Equal(pages, requests.Count(r => r == ("GET", "/service/rest/v1/assets")));

        // Everything else is preflight, once per run or per repository: nothing per file.
        Assert.All(
            requests.Where(r => r != ("GET", "/service/rest/v1/assets")),
            r => Assert.True(
                r.Path.StartsWith("/service/rest/v1/status", StringComparison.Ordinal)
                || r.Path.StartsWith("/service/rest/v1/repositories/", StringComparison.Ordinal)
                || r.Path.EndsWith("/.nexus-push-preflight", StringComparison.Ordinal),
                $"per-file request on a no-op re-run: {r.Method} {r.Path}"));
        Assert.InRange(requests.Count - pages, 0, 8); // 6 today: status, writable, and per repository its lookup and probe

        var items = SyncRun.Items(second.Stdout);
        Assert.Equal(60, items.Count);
        Assert.All(items, i => Assert.Equal(("skipped", "identical"), (i.Action, i.Reason)));
        Assert.Equal((60, 0), (reads.Total(FileReadPurpose.Digest), reads.Total(FileReadPurpose.Upload)));
        Assert.Equal(60, reads.Files.Count);
    }
}
