using NexusPush.Formats;
using NexusPush.IndexWait;
using NexusPush.Runs;

namespace NexusPush.Tests.IndexWait;

/// <summary>The observer that holds .deb/.rpm results until --wait-index has a verdict, and fixes the counts.</summary>
public sealed class IndexWaitObserverTests
{
    [Fact]
    public async Task CompleteAsync_NotIndexed_ReportsFailedAndCountsItSo()
    {
        var inner = new Recorder();
        var observer = new IndexWaitObserver(inner);
        var summary = new RunSummary();
        var deb = Uploaded(ArtifactFormat.Apt, "a.deb");
        var txt = Uploaded(ArtifactFormat.Raw, "b.txt");
        foreach (var result in new[] { deb, txt })
        {
            summary.Add(result);
            observer.ItemFinished(result);
        }

        observer.RunFinished(summary);
        Assert.Equal(["b.txt"], inner.Items.Select(i => i.Item.DisplayPath));
        Assert.False(inner.Finished);

        await observer.CompleteAsync((targets, _) => Task.FromResult(targets.ToDictionary(t => t, _ => (string?)"not indexed after 5 s")), TestContext.Current.CancellationToken);

        var failed = Assert.Single(inner.Items, i => i.Item.DisplayPath == "a.deb");
        Assert.Equal((ItemAction.Failed, "not indexed after 5 s"), (failed.Action, failed.Reason));
        Assert.True(inner.Finished);
        Assert.Equal((1, 1, 4), (summary.Count(ItemAction.Uploaded), summary.Count(ItemAction.Failed), summary.ExitCode));
    }

    [Fact]
    public async Task CompleteAsync_CancelledWhileWaiting_ReleasesItemsAsUploadedAndMarksTheRunCancelled()
    {
        var inner = new Recorder();
        var observer = new IndexWaitObserver(inner);
        var summary = new RunSummary();
        var rpm = Uploaded(ArtifactFormat.Yum, "a.rpm");
        summary.Add(rpm);
        observer.ItemFinished(rpm);
        observer.RunFinished(summary);
        using var cts = new CancellationTokenSource();

        await observer.CompleteAsync(
            (_, token) =>
            {
                cts.Cancel();
                token.ThrowIfCancellationRequested();
                return Task.FromResult(new Dictionary<IndexWaitTarget, string?>());
            },
            cts.Token);

        Assert.Equal(ItemAction.Uploaded, Assert.Single(inner.Items).Action);
        Assert.True(inner.Finished);
        Assert.Equal(130, summary.ExitCode);
    }

    private static ItemResult Uploaded(ArtifactFormat format, string name) =>
        IndexWaiterTests.Target(format, "repo", new PackageInfo("p", "1", "all", "1"), "/" + name).Result;

    private sealed class Recorder : IRunObserver
    {
        public List<ItemResult> Items { get; } = [];

        public bool Finished { get; private set; }

        public void ItemFinished(ItemResult result) => Items.Add(result);

        public void RunFinished(RunSummary summary) => Finished = true;
    }
}
