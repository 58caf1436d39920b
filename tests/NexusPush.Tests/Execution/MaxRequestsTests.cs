using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Execution;

/// <summary>
/// <c>--max-requests N</c>: the run never sends more than N requests (preflight and listings included); what it cannot
/// start within N is <c>deferred</c>, the run exits 6, and a second run with the journal finishes the rest without
/// uploading anything twice.
/// </summary>
public sealed class MaxRequestsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Budget_IsNeverExceeded_TheRestIsDeferred_ASecondRunFinishes(int parallel)
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(60);
        var journal = tree.Path + ".journal";
        try
        {
            var first = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json", "--journal", journal, "--max-requests", "40", "--parallel", parallel.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(ExitCodes.Deferred, first.ExitCode);
            Assert.True(nexus.Requests.Count <= 40, $"{nexus.Requests.Count} requests sent under --max-requests 40");
            var items = SyncRun.Items(first.Stdout);
            Assert.Equal(60, items.Count);
            var uploaded = items.Count(i => i.Action == "uploaded");
            var deferred = items.Count(i => i.Action == "deferred");
            Assert.Equal(60, uploaded + deferred);
            Assert.InRange(uploaded, 20, 39);
            Assert.Contains("stopped at --max-requests; run again to continue", first.Stdout + first.Stderr, StringComparison.Ordinal);
            Assert.Equal(uploaded, nexus.StoredUploads.Count);

            var sentBefore = nexus.Requests.Count;
            var second = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json", "--journal", journal);

            Assert.Equal(ExitCodes.Success, second.ExitCode);
            Assert.Equal(60, nexus.StoredUploads.Count);
            Assert.Equal(60, nexus.StoredUploads.Distinct().Count());
            var again = SyncRun.Items(second.Stdout);
            Assert.Equal(uploaded, again.Count(i => i.Action == "skipped"));
            Assert.Equal(deferred, again.Count(i => i.Action == "uploaded"));
            Assert.True(nexus.Requests.Count > sentBefore);
        }
        finally
        {
            File.Delete(journal);
        }
    }

    [Fact]
    public async Task DeferredFiles_AreNotJournaled()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(30);
        var journal = tree.Path + ".journal";
        try
        {
            var first = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json", "--journal", journal, "--max-requests", "25");

            Assert.Equal(ExitCodes.Deferred, first.ExitCode);
            var lines = File.ReadAllLines(journal).Where(l => l.Length > 0).ToList();
            var items = SyncRun.Items(first.Stdout);
            Assert.Equal(items.Count(i => i.Action != "deferred"), lines.Count);
            Assert.DoesNotContain(lines, l => l.Contains("deferred", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(journal);
        }
    }

    [Fact]
    public async Task Text_SaysDeferredAndHowToContinue()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(30);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--max-requests", "20");

        Assert.Equal(ExitCodes.Deferred, outcome.ExitCode);
        Assert.True(nexus.Requests.Count <= 20, $"{nexus.Requests.Count} requests");
        Assert.Contains(" deferred", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped at --max-requests; run again to continue", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroIsRefused()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(3);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--max-requests", "0");

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.Contains("--max-requests must be at least 1", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetSmallerThanThePreflight_StopsWithExit6_SendingNoMore()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(3);

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--max-requests", "2");

        Assert.Equal(ExitCodes.Deferred, outcome.ExitCode);
        Assert.True(nexus.Requests.Count <= 2, $"{nexus.Requests.Count} requests sent under --max-requests 2");
        Assert.Empty(nexus.StoredUploads);
        Assert.Contains("--max-requests 2", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetSmallerThanThePreflight_ReportListsEveryFileAsDeferred()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = SyncRun.Tree(3);
        using var folder = new Support.TempDir();
        var report = Path.Combine(folder.Path, "report.json");

        var outcome = await SyncRun.RunAsync(nexus, tree.Path, "--max-requests", "1", "--report", report);

        Assert.Equal(ExitCodes.Deferred, outcome.ExitCode);
        var items = SyncRun.Items(File.ReadAllText(report));
        Assert.Equal(3, items.Count);
        Assert.All(items, item => Assert.Equal("deferred", item.Action));
        Assert.All(items, item => Assert.Contains("--max-requests", item.Reason, StringComparison.Ordinal));
        Assert.Empty(nexus.StoredUploads);
    }

    [Fact]
    public async Task RetriesSpendTheBudgetToo_NeverPastIt_TheUnfinishedAreDeferredNotFailed()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        var attempts = 0;
        // The first three upload attempts get 503 (the first file succeeds on its last retry): each costs a request the plan did not reserve.
        nexus.RefuseUpload = _ => Interlocked.Increment(ref attempts) <= 3 ? Support.Faults.FaultAction.Answer(503) : null;
        using var tree = SyncRun.Tree(10);

        var outcome = await CliRun.RunAsync(["sync-dir", tree.Path, "--url", nexus.Url, "--raw-repository", "raw-h", "--retries", "3", "--retry-delay", "0", "--parallel", "1", "--max-requests", "16", "-o", "json"]);

        Assert.True(outcome.ExitCode == ExitCodes.Deferred, outcome.Stdout + outcome.Stderr);
        Assert.True(nexus.Requests.Count <= 16, $"{nexus.Requests.Count} requests sent under --max-requests 16");
        var items = SyncRun.Items(outcome.Stdout);
        Assert.Equal(10, items.Count);
        Assert.DoesNotContain(items, i => i.Action == "failed");
        Assert.Equal(nexus.StoredUploads.Count, items.Count(i => i.Action == "uploaded"));
        Assert.Contains(items, i => i.Action == "deferred");
    }
}
