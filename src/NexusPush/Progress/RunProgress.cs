using NexusPush.Execution;
using NexusPush.Planning;
using NexusPush.Reporting;

namespace NexusPush.Progress;

/// <summary>
/// Counts what a run has done so far, for a progress display: files planned and finished, bytes sent. Thread-safe:
/// byte reports come from every upload at once; item events come serialised by the executor.
/// </summary>
internal abstract class RunProgress : IUploadProgress, IRunObserver
{
    private long _bytesSent;
    private int _planned;
    private int _done;
    private int _uploaded;
    private int _skipped;
    private int _failed;

    protected long BytesSent => Interlocked.Read(ref _bytesSent);

    protected int Planned => Volatile.Read(ref _planned);

    protected int Done => Volatile.Read(ref _done);

    protected string Counts => $"{Volatile.Read(ref _uploaded)} uploaded, {Volatile.Read(ref _skipped)} skipped, {Volatile.Read(ref _failed)} failed";

    /// <summary>The plan stream produced one more item (the total is known only when planning ends).</summary>
    public virtual void ItemPlanned(PlanItem item) => Interlocked.Increment(ref _planned);

    public virtual IProgress<long>? ItemStarted(PlanItem item) => new BytesReporter(this, item);

    public virtual void ItemFinished(ItemResult result)
    {
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

    private sealed class BytesReporter(RunProgress owner, PlanItem item) : IProgress<long>
    {
        public void Report(long value) => owner.BytesSentFor(item, value);
    }
}

/// <summary>No display (--quiet, or progress switched off); still a valid observer.</summary>
internal sealed class NoProgress : RunProgress
{
    public override IProgress<long>? ItemStarted(PlanItem item) => null;
}
