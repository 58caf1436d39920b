using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Execution;
using NexusPush.Runs;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Execution;

/// <summary>
/// Uploads waiting for their batch's verification (and so for their journal line) wait a bounded number of files
/// and seconds, whatever the size of the repository: a run killed with -9 leaves a journal line for every file
/// verified more than <see cref="VerificationBatches.MaxWait"/> ago.
/// </summary>
public sealed class BoundedVerificationTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Add_IntoARepositoryLargerThanABatch_VerifiesAfterBatchSizeUploads_NotAfterAsManyAsItHolds()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        for (var i = 0; i < 3900; i++)
        {
            nexus.Store("raw-h", $"/old/a{i:0000}.bin", [1]);
        }

        var client = Clients.For(nexus.Url, retries: 0);
        await foreach (var _ in client.ListAssetsAsync("raw-h", TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal(3900, client.Listings.AssetsOf("raw-h"));
        var verifier = new ListingVerifier(new ItemUploader(client, new ExecutionOptions()), NullLogger.Instance);
        using var tree = new TempDir();
        var item = PlanItems.RawUpload(tree, "a.txt", "a") with { Remote = RemoteState.Absent };

        var due = Enumerable.Range(0, VerificationBatches.BatchSize)
            .Select(i => verifier.Add(new ItemResult(item with { TargetPath = $"/new/{i}.txt" }, ItemAction.Uploaded, null) { Sha1 = "00", AwaitsVerification = true }, null))
            .ToList();

        Assert.All(due.Take(VerificationBatches.BatchSize - 1), Assert.Null);
        Assert.Equal(VerificationBatches.BatchSize, Assert.IsType<ListingVerifier.Batch>(due[^1]).Items.Count);
    }

    [Fact]
    public async Task Execute_UploadsWaitingForTheirBatch_AreVerifiedAndReportedWithinMaxWait_WhileThePlanGoesOn()
    {
        var clock = new WatchedClock(DateTimeOffset.UnixEpoch);
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = new TempDir();
        var items = Enumerable.Range(0, 30).Select(i => PlanItems.RawUpload(tree, $"f{i:00}.txt", $"content {i}") with { Remote = RemoteState.Absent }).ToList();
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nexus.BeforeStore = _ =>
        {
            if (nexus.StoredUploads.Count == items.Count - 1)
            {
                stored.TrySetResult();
            }
        };
        var observer = new CountingObserver(items.Count);
        var planGoesOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new ExecutionOptions { Parallel = 4 };
        var executor = new PlanExecutor(new ItemUploader(Clients.For(nexus.Url, retries: 0, time: clock, timeouts: TimeSpan.FromHours(1)), options), options, observer, NullLogger.Instance);

        // The executor's first look starts with the run.
        var flusherWaits = clock.NextTimerAsync(due => due == VerificationBatches.Tick);
        var run = executor.ExecuteAsync(PlanThenWait(items, planGoesOn.Task), TestContext.Current.CancellationToken);
        await flusherWaits;
        await stored.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);

        // Time passes while the plan stays open: a tick verifies each batch once its first upload has waited MaxWait.
        // (When the client took each answer is not visible from here, so the clock moves a tick at a time.)
        var ticks = 0;
        while (!observer.All.IsCompleted && ticks < 30)
        {
            var nextWait = clock.NextTimerAsync(due => due == VerificationBatches.Tick);
            clock.Advance(VerificationBatches.Tick);
            ticks++;
            await Task.WhenAny(observer.All, nextWait);
        }

        Assert.True(items.Count == observer.Finished, $"{observer.Finished} results after {ticks} ticks");
        Assert.False(run.IsCompleted);
        planGoesOn.SetResult();
        var summary = await run.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal(items.Count, summary.Count(ItemAction.Uploaded));
        Assert.Equal(items.Count, observer.Finished);
    }

    private static async IAsyncEnumerable<PlanItem> PlanThenWait(List<PlanItem> items, Task more)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await more; // a scan still going on (sync-dir streams its plan)
    }

    private sealed class CountingObserver(int expected) : IRunObserver
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _finished;

        public Task All => _all.Task;

        public int Finished => Volatile.Read(ref _finished);

        public void ItemFinished(ItemResult result)
        {
            if (Interlocked.Increment(ref _finished) == expected)
            {
                _all.TrySetResult();
            }
        }

        public void RunFinished(RunSummary summary)
        {
        }
    }
}
