using NexusPush.Nexus;

namespace NexusPush.Planning;

/// <summary>
/// Two local files bound for the same repository path (the same .deb copied into two directories of an old share,
/// or two builds of one version) would make the second upload fail on ALLOW_ONCE or silently replace the first on
/// ALLOW. The first one wins; a later one is skipped when its bytes are identical and fails otherwise. Only the
/// colliding files are hashed; the set holds one entry per planned target.
/// </summary>
internal sealed class DuplicateTargets
{
    private readonly Dictionary<(string Repository, string Path), PlanItem> _first = [];

    public PlanItem Check(PlanItem item)
    {
        if (item.Action != PlanAction.Upload || item.Repository is null || item.TargetPath is null)
        {
            return item;
        }

        if (_first.TryAdd((item.Repository, item.TargetPath), item))
        {
            return item;
        }

        var first = _first[(item.Repository, item.TargetPath)];
        return SameBytes(first, item)
            ? item with { Action = PlanAction.Skip, Reason = $"identical to {first.DisplayPath}, which goes to the same path" }
            : item with { Action = PlanAction.Fail, Reason = $"{first.DisplayPath} already goes to {item.Repository}{item.TargetPath} with different content; route one of them elsewhere with a rule" };
    }

    private static bool SameBytes(PlanItem first, PlanItem second)
    {
        if (first.Length != second.Length)
        {
            return false;
        }

        try
        {
            // Planning is synchronous; a collision is rare enough that blocking on two reads is fine.
            var a = FileDigest.ComputeAsync(first.LocalPath, CancellationToken.None).GetAwaiter().GetResult();
            var b = FileDigest.ComputeAsync(second.LocalPath, CancellationToken.None).GetAwaiter().GetResult();
            return a.Sha256 == b.Sha256;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
