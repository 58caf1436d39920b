using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// The planning-time comparison of a NuGet package (a dry run shows what the run will do): found by id and version
/// through <see cref="NuGetRemote"/>, then skipped when the bytes are identical or decided by <c>--on-conflict</c>.
/// </summary>
internal sealed class NuGetComparison(NuGetRemote remote, ComparisonOptions options, WritePolicies policies)
{
    public async Task<PlanItem> DecideAsync(PlanItem item, CancellationToken cancellationToken)
    {
        if (NuGetRemote.PackageOf(item) is not { } package)
        {
            return item;
        }

        RemoteAsset? held;
        try
        {
            held = await remote.FindAsync(item.Repository!, package, cancellationToken);
        }
        catch (NexusRequestException e) when (e.RunStoppingError() is { } fatal)
        {
            throw fatal;
        }
        catch (NexusRequestException e)
        {
            return item with { Reason = $"could not check Nexus: {e.Message}" };
        }

        if (held is null)
        {
            return item with { Remote = RemoteState.Absent };
        }

        if (held.Sha1 is null)
        {
            return item; // Listed without a checksum: cannot compare; the upload's answer decides.
        }

        FileDigest digest;
        try
        {
            digest = await FileDigest.ComputeAsync(item.LocalPath, item.Identity, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return item with { Action = PlanAction.Fail, Reason = $"cannot read: {e.Message}" };
        }

        item = item with { Remote = RemoteState.Present, RemoteSha1 = held.Sha1, Digest = digest, TargetPath = held.Path };
        var decision = ConflictDecision.Decide(NuGetRemote.Describe(item.Repository!, package), held.Sha1, digest.Sha1, options.OnConflict, policies.ConflictHint(item.Repository));
        return RemoteDecision.Planned(item, decision);
    }
}
