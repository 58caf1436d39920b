
namespace NexusPush.Runs;

/// <summary>The outcome of one plan item: a report line.</summary>
/// <param name="Item">The plan item it is about.</param>
/// <param name="Action">What happened.</param>
/// <param name="Reason">Why, for anything but a plain upload.</param>
/// <param name="Sha256">Hash of the local bytes, when they were read.</param>
/// <param name="Attempts">Upload requests made, retries included.</param>
internal sealed record ItemResult(PlanItem Item, ItemAction Action, string? Reason = null, string? Sha256 = null, int Attempts = 0)
{
    /// <summary>A file that could not be uploaded because the package itself is broken, counted apart in summaries.</summary>
    public bool IsInvalidPackage { get; init; }

    /// <summary>SHA-1 of the local bytes (Nexus's ETag), when they were read; the journal keeps it so a re-run need not re-hash.</summary>
    public string? Sha1 { get; init; }

    /// <summary>Where the fallback folder saved the file, when it did (action fallback).</summary>
    public string? FallbackPath { get; init; }

    /// <summary>
    /// The cause this item shares with every other remaining file of the run ("Nexus at HOST unreachable", once the
    /// probes gave up), stated once on stderr; null when the failure is the item's own. <see cref="Reason"/> still has it in full.
    /// </summary>
    public string? RunWideCause { get; init; }

    /// <summary>Why the copy to the fallback folder failed, and where the file still is; null unless that copy was tried and failed.</summary>
    public string? FallbackCopyFailure { get; init; }

    /// <summary>Stored (Nexus answered 204) but not yet proven: the listing verifier (Execution) gives the final result; never reported as is.</summary>
    public bool AwaitsVerification { get; init; }
}
