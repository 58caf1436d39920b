using Microsoft.Extensions.Logging;
using NexusPush.Execution;
using NexusPush.Preflight;

namespace NexusPush.Planning;

/// <summary>
/// The usage limits before the first upload. Against a Nexus with limits (<see cref="UsageLimits"/>) the whole
/// compared plan is held in memory first — uploads then start only once the tree is planned and compared, and the
/// plan items (a few hundred bytes each) of a 100,000-file tree take tens of megabytes — so that the components it
/// adds can be counted before any is added. Any other Nexus keeps the streamed plan.
/// </summary>
internal static class UsageGate
{
    /// <param name="plan">The compared plan.</param>
    /// <param name="server">What the preflight saw; null when it did not run.</param>
    /// <param name="verify">Whether uploads are verified (one more request each).</param>
    /// <param name="ignoreLimits"><c>--ignore-usage-limits</c>.</param>
    /// <param name="dryRun">A dry run reports a plan over the limit (exit 2) instead of stopping before it.</param>
    /// <param name="summary">Gets the figures (<see cref="RunSummary.Usage"/>) and, in a dry run, the refusal.</param>
    /// <param name="logger">Says the figures before the run starts.</param>
    /// <param name="cancellationToken">Stops the planning.</param>
    public static async Task<IAsyncEnumerable<PlanItem>> ApplyAsync(IAsyncEnumerable<PlanItem> plan, ServerIdentity? server, bool verify, bool ignoreLimits, bool dryRun, RunSummary summary, ILogger logger, CancellationToken cancellationToken)
    {
        if (UsageLimits.For(server) is not { } limit)
        {
            return plan;
        }

        var items = await plan.ToListAsync(cancellationToken);
        var estimate = UsageEstimate.Of(server!, limit, items, verify);
        summary.Usage = estimate;
        if (estimate.OverComponents && !ignoreLimits)
        {
            var refusal = new UsageException(estimate.Refusal());
            if (!dryRun)
            {
                throw refusal;
            }

            summary.FatalError = refusal;
        }
        else if (estimate.OverComponents)
        {
            logger.LogWarning("{Figures}; starting anyway (--ignore-usage-limits): Nexus will refuse new components once past the limit.", estimate.Figures());
        }

        if (estimate.OverRequests)
        {
            logger.LogWarning("{Warning}", estimate.RequestWarning());
        }
        else if (!estimate.OverComponents)
        {
            logger.LogInformation("{Figures}.", estimate.Figures());
        }

        return items.ToAsyncEnumerable();
    }
}
