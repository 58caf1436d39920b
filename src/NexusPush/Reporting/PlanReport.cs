using NexusPush.Execution;
using NexusPush.Planning;

namespace NexusPush.Reporting;

/// <summary>A dry run's output: the plan reported through the same observers a real run uses, with uploads as <c>planned</c>.</summary>
internal static class PlanReport
{
    public static RunSummary Write(IEnumerable<PlanItem> plan, IRunObserver observer)
    {
        var summary = new RunSummary();
        foreach (var item in plan)
        {
            var result = item.Action switch
            {
                PlanAction.Upload => new ItemResult(item, ItemAction.Planned, item.Remote == RemoteState.Present ? "replaces different content (--on-conflict overwrite)" : item.Reason, item.Digest?.Sha256),
                PlanAction.Skip => new ItemResult(item, ItemAction.Skipped, item.Reason ?? "identical", item.Digest?.Sha256),
                PlanAction.Unrouted => new ItemResult(item, ItemAction.Unrouted, item.Reason),
                _ => new ItemResult(item, ItemAction.Failed, item.Reason, item.Digest?.Sha256) { IsInvalidPackage = item.IsInvalidPackage },
            };
            summary.Add(result);
            observer.ItemFinished(result);
        }

        observer.RunFinished(summary);
        return summary;
    }
}
