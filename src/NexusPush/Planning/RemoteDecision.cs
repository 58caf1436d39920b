using NexusPush.Execution;
using NexusPush.Nexus;

namespace NexusPush.Planning;

/// <summary>
/// What to plan for a file whose target path Nexus already holds: skip when the bytes are identical (SHA-1, the
/// ETag and listing checksum, nexus-contract.md §4, §5.3), else apply <c>--on-conflict</c>. The local file is hashed
/// here, and only here — files Nexus does not hold are never read while planning, and a file the resume journal
/// vouches for is not read at all.
/// </summary>
internal static class RemoteDecision
{
    public static async Task<PlanItem> DecideAsync(PlanItem item, string? remoteSha1, ConflictPolicy onConflict, WritePolicies policies, CancellationToken cancellationToken)
    {
        if (remoteSha1 is null)
        {
            return item; // Present but without a checksum: let the executor's HEAD decide.
        }

        FileDigest digest;
        try
        {
            // The resume journal's hashes stand in for a read of a file unchanged since it landed.
            digest = item.Digest is { Sha1.Length: > 0 } journaled ? journaled : await FileDigest.ComputeAsync(item.LocalPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return item with { Action = PlanAction.Fail, Reason = $"cannot read: {e.Message}" };
        }

        item = item with { Remote = RemoteState.Present, RemoteSha1 = remoteSha1, Digest = digest };
        if (string.Equals(remoteSha1, digest.Sha1, StringComparison.OrdinalIgnoreCase))
        {
            return item with { Action = PlanAction.Skip, Reason = item.FromJournal ? "journal" : "identical" };
        }

        var conflict = ItemUploader.Conflict(item, remoteSha1, digest.Sha1);
        return onConflict switch
        {
            ConflictPolicy.Fail => item with { Action = PlanAction.Fail, Reason = conflict + policies.ConflictHint(item.Repository) },
            ConflictPolicy.Skip => item with { Action = PlanAction.Skip, Reason = conflict + "; kept Nexus's copy (--on-conflict skip)" },
            _ => item,
        };
    }
}
