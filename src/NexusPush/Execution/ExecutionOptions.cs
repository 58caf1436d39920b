using NexusPush.Runs;

namespace NexusPush.Execution;

/// <summary>How the plan is carried out.</summary>
internal sealed record ExecutionOptions
{
    /// <value>Uploads in flight at once. Default 8 (<c>--parallel</c>).</value>
    public int Parallel { get; init; } = 8;

    /// <value>Prove each upload with a SHA-1 Nexus returns (a HEAD, or the asset listing for many uploads). Default true.</value>
    public bool Verify { get; init; } = true;

    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Fail;

    /// <value>Where items go when Nexus stays unreachable after all retries (<c>--fallback-dir</c>); null: they fail.</value>
    public Reliability.FallbackFolder? Fallback { get; init; }
}
