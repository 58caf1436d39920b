using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// An output whose write failure carries its name, so the summary can say which writer failed. After its first
/// failure it falls silent: the disk is full, and the other outputs still need every result.
/// </summary>
internal sealed class OutputName(string name, IRunObserver inner) : IRunObserver
{
    private bool _failed;

    /// <summary>Whether a write failed (the output is silent since).</summary>
    public bool Failed => _failed;

    public static IRunObserver Of(string name, IRunObserver inner) => new OutputName(name, inner);

    public void ItemFinished(ItemResult result) => Guard(() => inner.ItemFinished(result));

    public void RunFinished(RunSummary summary) => Guard(() => inner.RunFinished(summary));

    private void Guard(Action write)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (OutputFailedException.IsWriteFailure(e))
        {
            _failed = true;
            throw OutputFailedException.From(name, e);
        }
    }
}
