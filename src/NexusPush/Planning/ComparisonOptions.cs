using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>How the plan is compared with what Nexus holds.</summary>
internal sealed record ComparisonOptions
{
    /// <value>
    /// A repository that receives more than this many items is compared through its asset listing (one request per
    /// 10 or 100 assets, nexus-contract.md §5.1); up to this many, each item is checked with one HEAD (§4). Default 20:
    /// below that, HEADs cost fewer requests than listing any repository with more than 200–2,000 assets.
    /// </value>
    public int ListingThreshold { get; init; } = 20;

    /// <value>How many comparisons (hashing a local file, a HEAD) run at once; <c>--parallel</c>.</value>
    public int Parallelism { get; init; } = 4;

    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Fail;

    /// <value>Resolve HEAD-mode items while planning (dry run: the plan must show what the run will do). Default false: the executor HEADs them in parallel.</value>
    public bool HeadWhilePlanning { get; init; }
}
