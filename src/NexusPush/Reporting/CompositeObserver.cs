using NexusPush.Execution;

namespace NexusPush.Reporting;

/// <summary>Sends results to several reports at once (stdout report, <c>--report FILE</c>, progress, journal).</summary>
internal sealed class CompositeObserver(IReadOnlyList<IRunObserver> observers) : IRunObserver
{
    public void ItemFinished(ItemResult result)
    {
        foreach (var observer in observers)
        {
            observer.ItemFinished(result);
        }
    }

    public void RunFinished(RunSummary summary)
    {
        foreach (var observer in observers)
        {
            observer.RunFinished(summary);
        }
    }
}
