
namespace NexusPush.Runs;

/// <summary>Receives results as they happen, so reports stream instead of being built in memory. Calls are serialised by the caller.</summary>
internal interface IRunObserver
{
    void ItemFinished(ItemResult result);

    void RunFinished(RunSummary summary);
}
