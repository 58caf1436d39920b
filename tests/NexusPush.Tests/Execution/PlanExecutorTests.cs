using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Execution;
using NexusPush.Formats;
using NexusPush.Runs;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Execution;

/// <summary>
/// <see cref="PlanExecutor"/> on its own, over an in-memory transport: what each plan action becomes, and how an
/// error that concerns the whole run stops it. The same paths end to end: Cli/, Reliability/, Sync/.
/// </summary>
public sealed class PlanExecutorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Execute_CredentialsRefusedOnItemOne_ItemsTwoToNNotAttemptedOneUploadSent()
    {
        var transport = new StubHandler(r => r.Method == HttpMethod.Head ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized);
        var recorder = new Recorder();

        var summary = await Executor(transport, recorder, parallel: 1).ExecuteAsync(Uploads(5), TestContext.Current.CancellationToken);

        Assert.Equal(NexusPush.ExitCodes.AuthRefused, summary.ExitCode);
        // Item 1 asks whether its path is free, then uploads; nothing else is sent.
        Assert.Equal(["HEAD /repository/raw-h/f0.txt", "POST /service/rest/v1/components"], transport.Requests);
        Assert.Equal(["f0.txt", "f1.txt", "f2.txt", "f3.txt", "f4.txt"], recorder.Results.Select(r => r.Item.DisplayPath));
        Assert.All(recorder.Results, r => Assert.Equal(ItemAction.Failed, r.Action));
        Assert.DoesNotContain("not attempted", recorder.Results[0].Reason, StringComparison.Ordinal);
        Assert.All(recorder.Results.Skip(1), r => Assert.Equal("not attempted: " + summary.FatalError!.Message, r.Reason));
        Assert.Equal(1, recorder.RunFinishedCalls);
    }

    [Fact]
    public async Task Execute_AllUploadsAnswered204_EachUploadedOnceWithItsBytesCounted()
    {
        var transport = new StubHandler(r => r.Method == HttpMethod.Head ? HttpStatusCode.NotFound : HttpStatusCode.NoContent);
        var recorder = new Recorder();

        var summary = await Executor(transport, recorder, parallel: 3).ExecuteAsync(Uploads(6), TestContext.Current.CancellationToken);

        Assert.Equal(NexusPush.ExitCodes.Success, summary.ExitCode);
        Assert.Equal(6, transport.Requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal)));
        Assert.Equal(6, summary.Count(ItemAction.Uploaded));
        Assert.Equal(Uploads(6).Sum(i => i.Length), summary.BytesUploaded);
        Assert.Equal(6, recorder.Results.Select(r => r.Item.DisplayPath).Distinct().Count());
        Assert.All(recorder.Results, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task Execute_SkipUnroutedAndFailItems_BecomeTheirResultsWithoutARequest()
    {
        var transport = new StubHandler(_ => throw new InvalidOperationException("no request expected"));
        var recorder = new Recorder();
        PlanItem[] plan =
        [
            Item("same.txt") with { Action = PlanAction.Skip, Reason = "identical" },
            Item("odd.bin") with { Action = PlanAction.Unrouted, Reason = "no repository for raw", Repository = null },
            Item("bad.deb") with { Action = PlanAction.Fail, Reason = "control file missing", IsInvalidPackage = true },
        ];

        var summary = await Executor(transport, recorder, parallel: 2).ExecuteAsync(plan, TestContext.Current.CancellationToken);

        Assert.Empty(transport.Requests);
        var byFile = recorder.Results.ToDictionary(r => r.Item.DisplayPath);
        Assert.Equal((ItemAction.Skipped, "identical"), (byFile["same.txt"].Action, byFile["same.txt"].Reason));
        Assert.Equal((ItemAction.Unrouted, "no repository for raw"), (byFile["odd.bin"].Action, byFile["odd.bin"].Reason));
        Assert.Equal((ItemAction.Failed, "control file missing"), (byFile["bad.deb"].Action, byFile["bad.deb"].Reason));
        Assert.Equal(1, summary.Invalid);
        Assert.Equal(NexusPush.ExitCodes.ItemsFailed, summary.ExitCode);
    }

    [Fact]
    public async Task Execute_CancelledBeforeItStarts_EveryItemNotAttemptedExit130()
    {
        var transport = new StubHandler(_ => HttpStatusCode.NoContent);
        var recorder = new Recorder();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var summary = await Executor(transport, recorder, parallel: 2).ExecuteAsync(Uploads(3), cancelled.Token);

        Assert.True(summary.Cancelled);
        Assert.Equal(NexusPush.ExitCodes.Cancelled, summary.ExitCode);
        Assert.Empty(transport.Requests);
        Assert.Equal(summary.Files, recorder.Results.Count);
        Assert.All(recorder.Results, r => Assert.Equal("not attempted: the run was cancelled", r.Reason));
    }

    private static PlanExecutor Executor(StubHandler transport, IRunObserver observer, int parallel)
    {
        var options = new ExecutionOptions { Parallel = parallel, Verify = false };
        return new PlanExecutor(new ItemUploader(transport.Client(), options), options, observer, NullLogger.Instance);
    }

    private List<PlanItem> Uploads(int count) => [.. Enumerable.Range(0, count).Select(i => Item($"f{i}.txt"))];

    private PlanItem Item(string name) => PlanItems.RawUpload(_dir, name, $"content of {name}");

    private sealed class Recorder : IRunObserver
    {
        public List<ItemResult> Results { get; } = [];

        public int RunFinishedCalls { get; private set; }

        public void ItemFinished(ItemResult result) => Results.Add(result);

        public void RunFinished(RunSummary summary) => RunFinishedCalls++;
    }
}
