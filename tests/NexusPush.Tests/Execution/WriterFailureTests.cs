using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Execution;
using NexusPush.Formats;
using NexusPush.Reporting;
using NexusPush.Runs;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Execution;

/// <summary>A report, journal or progress writer that fails (a full disk) ends the run promptly; every item still gets one result.</summary>
public sealed class WriterFailureTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Execute_ObserverThrowsAfterThreeItems_RunEndsAndEveryItemIsCounted()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = new TempDir();
        var plan = UploadItems(tree, 20);
        var failing = new FailingObserver(failAfter: 3);
        var executor = Executor(nexus, failing);

        var summary = await executor.ExecuteAsync(plan, TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(20, summary.Files);
        Assert.Equal(NexusPush.ExitCodes.ItemsFailed, summary.ExitCode);
        Assert.NotNull(summary.OutputFailure);
        Assert.Contains("No space left on device", summary.OutputFailure.Message, StringComparison.Ordinal);
        Assert.True(failing.RunFinishedCalls <= 1);
    }

    [Fact]
    public async Task Execute_OneOfSeveralOutputsFails_TheOthersGetEveryItemExactlyOnce()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = new TempDir();
        var plan = UploadItems(tree, 20);
        var recorder = new RecordingObserver();
        var failing = new FailingObserver(failAfter: 2);
        var executor = Executor(nexus, new CompositeObserver([OutputName.Of("the journal j.jsonl", failing), recorder]));

        var summary = await executor.ExecuteAsync(plan, TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(20, recorder.Results.Count);
        Assert.Equal(20, recorder.Results.Select(r => r.Item.DisplayPath).Distinct().Count());
        Assert.Equal(1, recorder.RunFinishedCalls);
        Assert.Equal(NexusPush.ExitCodes.ItemsFailed, summary.ExitCode);
        Assert.StartsWith("cannot write the journal j.jsonl: ", summary.OutputFailure!.Message, StringComparison.Ordinal);
        Assert.All(recorder.Results, r => Assert.True(r.Action is ItemAction.Uploaded or ItemAction.Failed));
        Assert.All(recorder.Results.Where(r => r.Action == ItemAction.Failed), r => Assert.NotNull(r.Reason));
    }

    [Fact]
    public async Task Execute_ObserverFailsWithABug_RunEndsAndTheBugSurfaces()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var tree = new TempDir();
        var executor = Executor(nexus, new FailingObserver(failAfter: 1, bug: true));

        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.ExecuteAsync(UploadItems(tree, 40), TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken));
    }

    private static PlanExecutor Executor(KestrelNexus nexus, IRunObserver observer)
    {
        var options = new ExecutionOptions { Parallel = 4 };
        return new PlanExecutor(new ItemUploader(Clients.For(nexus.Url, retries: 0), options), options, observer, NullLogger.Instance);
    }

    private static List<PlanItem> UploadItems(TempDir tree, int count) =>
        [.. Enumerable.Range(0, count).Select(i => PlanItems.RawUpload(tree, $"f{i:00}.txt", $"content {i}"))];

    private sealed class FailingObserver(int failAfter, bool bug = false) : IRunObserver
    {
        private int _seen;

        public int RunFinishedCalls { get; private set; }

        public void ItemFinished(ItemResult result)
        {
            if (++_seen > failAfter)
            {
                throw bug ? new InvalidOperationException("a bug in a report") : new IOException("No space left on device : '/full'");
            }
        }

        public void RunFinished(RunSummary summary) => RunFinishedCalls++;
    }

    private sealed class RecordingObserver : IRunObserver
    {
        public List<ItemResult> Results { get; } = [];

        public int RunFinishedCalls { get; private set; }

        public void ItemFinished(ItemResult result) => Results.Add(result);

        public void RunFinished(RunSummary summary) => RunFinishedCalls++;
    }
}
