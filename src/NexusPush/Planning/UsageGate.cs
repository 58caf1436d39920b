using Microsoft.Extensions.Logging;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// The usage limits before the first upload. Against a Nexus with limits (<see cref="UsageLimits"/>) the whole
/// compared plan is held in memory first — uploads then start only once the tree is planned and compared, and the
/// plan items (a few hundred bytes each) of a 100,000-file tree take tens of megabytes — so that the components it
/// adds can be counted before any is added. Any other Nexus keeps the streamed plan.
/// </summary>
internal static class UsageGate
{
    /// <summary>How the run goes.</summary>
    /// <param name="Verify">Whether uploads are verified (one more request each).</param>
    /// <param name="IgnoreLimits"><c>--ignore-usage-limits</c>.</param>
    /// <param name="DryRun">A dry run reports a plan over the limit (exit 2) instead of stopping before it.</param>
    /// <param name="CheckedRepositories">How many repositories the preflight read (it reads every configured one).</param>
    internal sealed record Settings(bool Verify, bool IgnoreLimits, bool DryRun, int CheckedRepositories = 0);

    /// <param name="plan">The compared plan.</param>
    /// <param name="server">What the preflight saw; null when it did not run.</param>
    /// <param name="settings">Verification, --ignore-usage-limits, dry run, the preflight's reach.</param>
    /// <param name="summary">Gets the figures (<see cref="RunSummary.Usage"/>) and, in a dry run, the refusal.</param>
    /// <param name="logger">Says the figures before the run starts.</param>
    /// <param name="cancellationToken">Stops the planning.</param>
    public static async Task<IAsyncEnumerable<PlanItem>> ApplyAsync(IAsyncEnumerable<PlanItem> plan, ServerIdentity? server, Settings settings, RunSummary summary, ILogger logger, CancellationToken cancellationToken)
    {
        var (verify, ignoreLimits, dryRun, checkedRepositories) = settings;
        if (UsageLimits.For(server) is not { } limit)
        {
            return plan;
        }

        var items = await plan.ToListAsync(cancellationToken);
        var estimate = UsageEstimate.Of(server!, limit, items, verify, checkedRepositories);
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
