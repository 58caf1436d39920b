using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// A dry run's output: the plan reported through the same observers a real run uses, with uploads as <c>planned</c>.
/// Its exit code is the one the real run would have for everything knowable offline (invalid packages, conflicts
/// found while comparing, unrouted files: 4), so a dry run is a usable CI validation step.
/// </summary>
internal static class PlanReport
{
    /// <param name="plan">The plan as it streams.</param>
    /// <param name="observer">The reports.</param>
    /// <param name="summary">The run's summary, when the caller keeps one.</param>
    /// <param name="upload">What a file to upload becomes; <c>planned</c> unless given (a run that could not start defers them).</param>
    /// <param name="cancellationToken">Ctrl-C/SIGTERM: the plan ends there, reported up to that file, as cancelled (exit 130).</param>
    public static RunSummary Write(IEnumerable<PlanItem> plan, IRunObserver observer, RunSummary? summary = null, Func<PlanItem, ItemResult>? upload = null, CancellationToken cancellationToken = default)
    {
        summary ??= new RunSummary();
        try
        {
            Report(plan, observer, summary, upload, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            summary.Cancelled = true;
        }

        Notify(() => observer.RunFinished(summary), summary);
        return summary;
    }

    private static void Report(IEnumerable<PlanItem> plan, IRunObserver observer, RunSummary summary, Func<PlanItem, ItemResult>? upload, CancellationToken cancellationToken)
    {
        foreach (var item in plan)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                summary.Cancelled = true;
                return;
            }

            var result = item.Action switch
            {
                PlanAction.Upload when upload is not null => upload(item),
                PlanAction.Upload => new ItemResult(item, ItemAction.Planned, item.Remote == RemoteState.Present ? "replaces different content (--on-conflict overwrite)" : item.Reason, item.Digest?.Sha256),
                PlanAction.Skip => new ItemResult(item, ItemAction.Skipped, item.Reason ?? "identical", item.Digest?.Sha256),
                PlanAction.Unrouted => new ItemResult(item, ItemAction.Unrouted, item.Reason),
                _ => new ItemResult(item, ItemAction.Failed, item.Reason, item.Digest?.Sha256) { IsInvalidPackage = item.IsInvalidPackage },
            };
            summary.Add(result);
            Notify(() => observer.ItemFinished(result), summary);
        }
    }

    /// <summary>A failed writer is recorded (exit 4); the plan is still reported to the outputs that work.</summary>
    private static void Notify(Action call, RunSummary summary)
    {
        try
        {
            call();
        }
        catch (Exception e) when (ReaderClosedException.Caused(e))
        {
            // stdout's reader went away (| head): a dry run's output stops quietly; that output is silent from here on.
        }
        catch (Exception e) when (OutputFailedException.IsWriteFailure(e))
        {
            summary.RecordOutputFailure(OutputFailedException.From("an output", e));
        }
    }
}
