using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// Sends results to several outputs at once (stdout report, <c>--report FILE</c>, progress, journal). One output that
/// fails to write (a full disk) does not keep the others from getting every result: the failure is rethrown after
/// the others were served, so the executor can stop the run; at the run's end it is recorded on the summary before
/// the next output writes, so a report written later states the final exit code. (An <see cref="OutputName"/>d
/// output falls silent after its first failure.)
/// </summary>
internal sealed class CompositeObserver(IReadOnlyList<IRunObserver> observers) : IRunObserver
{
    public void ItemFinished(ItemResult result)
    {
        OutputFailedException? failure = null;
        foreach (var observer in observers)
        {
            if (Write(observer, () => observer.ItemFinished(result)) is { } failed)
            {
                failure ??= failed;
            }
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    public void RunFinished(RunSummary summary)
    {
        foreach (var observer in observers)
        {
            if (Write(observer, () => observer.RunFinished(summary)) is { } failed)
            {
                summary.RecordOutputFailure(failed);
            }
        }
    }

    private static OutputFailedException? Write(IRunObserver observer, Action write)
    {
        try
        {
            write();
            return null;
        }
        catch (Exception e) when (OutputFailedException.IsWriteFailure(e))
        {
            return OutputFailedException.From($"an output ({observer.GetType().Name})", e);
        }
    }
}
