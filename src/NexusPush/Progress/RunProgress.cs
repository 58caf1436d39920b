using System.Runtime.CompilerServices;
using NexusPush.Runs;

namespace NexusPush.Progress;

/// <summary>
/// Counts what a run has done so far, for a progress display: files planned and finished, bytes sent. Thread-safe:
/// byte reports come from every upload at once; item events come serialised by the executor. A display that cannot
/// be written while bytes flow must not fail the upload carrying them: the error waits for the next item event,
/// where the executor stops the run on it.
/// </summary>
internal abstract class RunProgress : IRunObserver
{
    private long _bytesSent;
    private int _planned;
    private bool _planComplete;
    private int _done;
    private int _uploaded;
    private int _skipped;
    private int _failed;
    private Exception? _displayFailure;

    protected long BytesSent => Interlocked.Read(ref _bytesSent);

    protected int Planned => Volatile.Read(ref _planned);

    protected int Done => Volatile.Read(ref _done);

    /// <summary>"3/14 files" once the plan is complete; "3 done, 13 files so far" while the scan still finds files.</summary>
    protected string FilesText => Volatile.Read(ref _planComplete)
        ? $"{Done}/{Planned} {(Planned == 1 ? "file" : "files")}"
        : $"{Done} done, {Planned} {(Planned == 1 ? "file" : "files")} so far";

    protected string Counts => $"{Volatile.Read(ref _uploaded)} uploaded, {Volatile.Read(ref _skipped)} skipped, {Volatile.Read(ref _failed)} failed";

    /// <summary>The plan stream produced one more item (the total is known only when planning ends).</summary>
    public virtual void ItemPlanned(PlanItem item) => Interlocked.Increment(ref _planned);

    /// <summary>The plan stream ended: <see cref="Planned"/> is the total from now on.</summary>
    public virtual void PlanComplete() => Volatile.Write(ref _planComplete, true);

    /// <summary>Passes <paramref name="plan"/> through, counting each item as the executor takes it and the end of the plan.</summary>
    public async IAsyncEnumerable<PlanItem> Count(IAsyncEnumerable<PlanItem> plan, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in plan.WithCancellation(cancellationToken))
        {
            ItemPlanned(item);
            yield return item;
        }

        PlanComplete();
    }

    /// <summary>A reporter of bytes sent (increments) for this item, which the executor asks for when the item starts; null when nobody watches bytes.</summary>
    public virtual IProgress<long>? ItemStarted(PlanItem item) => new BytesReporter(this, item);

    public virtual void ItemFinished(ItemResult result)
    {
        if (Interlocked.Exchange(ref _displayFailure, null) is { } failure)
        {
            throw new IOException(failure.Message, failure);
        }

        Interlocked.Increment(ref _done);
        switch (result.Action)
        {
            case ItemAction.Uploaded:
                Interlocked.Increment(ref _uploaded);
                break;
            case ItemAction.Skipped:
                Interlocked.Increment(ref _skipped);
                break;
            case ItemAction.Failed:
                Interlocked.Increment(ref _failed);
                break;
        }
    }

    public virtual void RunFinished(RunSummary summary)
    {
    }

    protected virtual void BytesSentFor(PlanItem item, long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>A write outside an item event failed (a byte report, a clock tick): the next item event raises it.</summary>
    protected void DisplayFailed(Exception failure) => Interlocked.CompareExchange(ref _displayFailure, failure, null);

    private sealed class BytesReporter(RunProgress owner, PlanItem item) : IProgress<long>
    {
        public void Report(long value)
        {
            try
            {
                owner.BytesSentFor(item, value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                owner.DisplayFailed(e);
            }
        }
    }
}

/// <summary>No display (--quiet, or progress switched off); still a valid observer.</summary>
internal sealed class NoProgress : RunProgress
{
    public override IProgress<long>? ItemStarted(PlanItem item) => null;
}
