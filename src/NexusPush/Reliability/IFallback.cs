using NexusPush.Execution;
using NexusPush.Nexus;
using NexusPush.Planning;

namespace NexusPush.Reliability;

/// <summary>
/// Where an item goes when Nexus stays unreachable after all retries (<c>--fallback-dir</c>). The executor consults
/// it only for transient failures; errors a retry cannot fix fail loudly instead.
/// </summary>
internal interface IFallback
{
    /// <summary>
    /// Saves the item's file; the result is <see cref="ItemAction.Fallback"/> only once the copy and its manifest line
    /// are both on disk, else <see cref="ItemAction.Failed"/> with no copy left behind (the file stays where it is).
    /// </summary>
    Task<ItemResult> SaveAsync(PlanItem item, NexusRequestException error, CancellationToken cancellationToken);
}
