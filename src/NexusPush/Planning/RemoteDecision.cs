using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// What to plan for a file whose target path Nexus already holds: <see cref="ConflictDecision"/>, the decision the
/// upload makes too (SHA-1, the ETag and listing checksum, nexus-contract.md §4, §5.3). The local file is hashed
/// here, and only here — files Nexus does not hold are never read while planning, and a file the resume journal
/// vouches for is not read at all.
/// </summary>
internal static class RemoteDecision
{
    /// <param name="item">The planned file.</param>
    /// <param name="remoteSha1">The checksum Nexus gave for its target path; null when it gave none.</param>
    /// <param name="answeredHead">
    /// The checksum comes from a HEAD (a dry run's): without one the plan says what the upload will decide. From the
    /// listing, a missing checksum leaves the item to the upload's own HEAD.
    /// </param>
    /// <param name="onConflict"><c>--on-conflict</c>.</param>
    /// <param name="policies">The write policies the preflight read, for the conflict hint.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    public static async Task<PlanItem> DecideAsync(PlanItem item, string? remoteSha1, bool answeredHead, ConflictPolicy onConflict, WritePolicies policies, CancellationToken cancellationToken)
    {
        if (remoteSha1 is null && !answeredHead)
        {
            return item;
        }

        FileDigest digest;
        try
        {
            // The resume journal's hashes stand in for a read of a file unchanged since it landed.
            digest = item.Digest is { Sha1.Length: > 0 } journaled ? journaled : await FileDigest.ComputeAsync(item.LocalPath, item.Identity, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return item with { Action = PlanAction.Fail, Reason = $"cannot read: {e.Message}" };
        }

        item = item with { Remote = RemoteState.Present, RemoteSha1 = remoteSha1, Digest = digest };
        var decision = ConflictDecision.Decide($"{item.Repository}{item.TargetPath}", remoteSha1, digest.Sha1, onConflict, policies.ConflictHint(item.Repository));
        return Planned(item, decision, journaled: item.FromJournal);
    }

    /// <summary>The plan line of a decision; identical bytes the resume journal's hashes vouched for are skipped as "journal".</summary>
    public static PlanItem Planned(PlanItem item, Decision decision, bool journaled = false) => decision.Verdict switch
    {
        Verdict.Identical => item with { Action = PlanAction.Skip, Reason = journaled ? "journal" : decision.Reason },
        Verdict.Skip => item with { Action = PlanAction.Skip, Reason = decision.Reason },
        Verdict.Fail or Verdict.CannotCompare => item with { Action = PlanAction.Fail, Reason = decision.Reason },
        _ => item,
    };
}
