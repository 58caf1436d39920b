using Microsoft.Extensions.Time.Testing;
using NexusPush.Progress;
using NexusPush.Runs;

namespace NexusPush.Tests.Progress;

public sealed class PlainProgressTests
{
    private static PlanItem Item(string name) => new() { LocalPath = "/x/" + name, DisplayPath = name, FileName = name, Length = 1000 };

    [Fact]
    public void PlainProgress_ManyEventsWithinInterval_WritesAtMostOneLinePerInterval()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));

        for (var i = 0; i < 150; i++)
        {
            var item = Item($"f{i}");
            progress.ItemPlanned(item);
            progress.ItemStarted(item)!.Report(1000);
            progress.ItemFinished(new ItemResult(item, ItemAction.Uploaded));
            time.Advance(TimeSpan.FromMilliseconds(100)); // 15 s in all: lines at 5, 10 and 15 s
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("progress: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    /// <summary>A 120 s outage: no file finishes and no byte moves, and the line still comes every 5 s, as --help says.</summary>
    [Fact]
    public void PlainProgress_NothingHappensFor120Seconds_StillALineEvery5SecondsUntilTheRunEnds()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));
        progress.ItemPlanned(Item("a"));
        progress.PlanComplete();

        for (var second = 0; second < 120; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("progress: 0/1 file (0 uploaded, 0 skipped, 0 failed)", line, StringComparison.Ordinal));

        progress.RunFinished(new RunSummary());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(24, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void PlainProgress_Line_CountsFilesAndBytes()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));
        var item = Item("a");
        progress.ItemPlanned(item);
        progress.ItemPlanned(Item("b"));
        progress.PlanComplete();
        progress.ItemStarted(item)!.Report(2048);
        progress.ItemFinished(new ItemResult(item, ItemAction.Uploaded));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Contains("progress: 1/2 files (1 uploaded, 0 skipped, 0 failed); 2.0 KiB sent", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainProgress_PlanStillStreaming_SaysSoFarThenTheTotalOnceThePlanEnds()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));
        var more = new TaskCompletionSource();
        var plan = progress.Count(Plan(more.Task), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await plan.MoveNextAsync());
        Assert.True(await plan.MoveNextAsync());
        progress.ItemFinished(new ItemResult(plan.Current, ItemAction.Uploaded));
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Contains("progress: 1 done, 2 files so far (", output.ToString(), StringComparison.Ordinal);

        more.SetResult();
        Assert.True(await plan.MoveNextAsync());
        Assert.False(await plan.MoveNextAsync());
        progress.ItemFinished(new ItemResult(plan.Current, ItemAction.Uploaded));
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Contains("progress: 2/3 files (2 uploaded", output.ToString(), StringComparison.Ordinal);
        await plan.DisposeAsync();
    }

    [Fact]
    public void PlainProgress_OneFilePlanned_SaysFileNotFiles()
    {
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));
        var item = Item("a");
        progress.ItemPlanned(item);
        progress.PlanComplete();
        progress.ItemFinished(new ItemResult(item, ItemAction.Uploaded));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Contains("progress: 1/1 file (", output.ToString(), StringComparison.Ordinal);
    }

    private static async IAsyncEnumerable<PlanItem> Plan(Task more)
    {
        yield return Item("a");
        yield return Item("b");
        await more;
        yield return Item("c");
    }

    [Fact]
    public void PlainProgress_DisplayFailsWhileBytesFlow_TheUploadGoesOnAndTheNextItemEventRaisesIt()
    {
        var time = new FakeTimeProvider();
        using var output = new FullWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));
        var item = Item("a");
        progress.ItemPlanned(item);
        time.Advance(TimeSpan.FromSeconds(6));

        // Called from inside the upload: a display error here must not fail the upload as "cannot read".
        var reporter = progress.ItemStarted(item)!;
        reporter.Report(1000);

        var raised = Assert.Throws<IOException>(() => progress.ItemFinished(new ItemResult(item, ItemAction.Uploaded)));
        Assert.Contains("No space left on device", raised.Message, StringComparison.Ordinal);
    }

    private sealed class FullWriter : StringWriter
    {
        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }
}
