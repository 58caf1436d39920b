using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;

namespace NexusPush.Execution;

/// <summary>
/// Carries out one <see cref="PlanAction.Upload"/> item: check what Nexus holds at the target path, upload when
/// needed, verify. Per-item problems become results; problems that stop the run are thrown.
/// </summary>
internal sealed class ItemUploader(NexusClient client, ExecutionOptions options)
{
    /// <summary>Marks "HEAD answered 403" apart from "absent".</summary>
    private static readonly RemoteAsset Forbidden = new("(forbidden)", null);

    private readonly NuGetItemUploader _nuget = new(client, options);

    public async Task<ItemResult> RunAsync(PlanItem item, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (NuGetRemote.Applies(item))
        {
            // Nexus picks a .nupkg's stored path itself: checked and verified by package id and version instead.
            return await _nuget.RunAsync(item, progress, cancellationToken);
        }

        var digest = item.Digest;
        var remote = await RemoteFor(item, cancellationToken);
        if (remote is not null)
        {
            // One read of the local file to compare with Nexus's ETag (nexus-api.md §4).
            digest ??= await FileDigest.ComputeAsync(item.LocalPath, cancellationToken);
            if (string.Equals(remote.Sha1, digest.Sha1, StringComparison.OrdinalIgnoreCase))
            {
                return new ItemResult(item, ItemAction.Skipped, "identical", digest.Sha256) { Sha1 = digest.Sha1 };
            }

            var conflict = $"{item.Repository}{item.TargetPath} already holds different content (Nexus SHA-1 {remote.Sha1 ?? "unknown"}, local SHA-1 {digest.Sha1})";
            switch (options.OnConflict)
            {
                case ConflictPolicy.Fail:
                    return new ItemResult(item, ItemAction.Failed, conflict + "; use --on-conflict skip or overwrite", digest.Sha256);
                case ConflictPolicy.Skip:
                    return new ItemResult(item, ItemAction.Skipped, conflict + "; kept Nexus's copy (--on-conflict skip)", digest.Sha256);
            }
        }

        var form = ComponentForm.For(item.Format, item.FileName, item.Directory);
        var receipt = await client.UploadAsync(new UploadRequest(item.Repository!, item.LocalPath, item.Length, form, item.TargetPath), progress, cancellationToken);

        if (digest is not null && !string.Equals(digest.Sha256, receipt.Digest.Sha256, StringComparison.Ordinal))
        {
            return new ItemResult(item, ItemAction.Failed, $"the file changed between planning and upload (SHA-256 {digest.Sha256} then {receipt.Digest.Sha256}); re-run to check what Nexus holds", receipt.Digest.Sha256, receipt.Attempts);
        }

        if (options.Verify && item.TargetPath is not null)
        {
            var stored = await HeadUnlessForbiddenAsync(item, cancellationToken);
            if (ReferenceEquals(stored, Forbidden))
            {
                return new ItemResult(item, ItemAction.Uploaded, "not verified: the user may upload but not read the repository (HEAD answered 403)", receipt.Digest.Sha256, receipt.Attempts);
            }

            if (stored is null)
            {
                return new ItemResult(item, ItemAction.Failed, $"Nexus accepted the upload but {item.Repository}{item.TargetPath} is not there; check the repository's layout rules (e.g. yum repodata depth)", receipt.Digest.Sha256, receipt.Attempts);
            }

            if (stored.Sha1 is not null && !string.Equals(stored.Sha1, receipt.Digest.Sha1, StringComparison.OrdinalIgnoreCase))
            {
                return new ItemResult(item, ItemAction.Failed, $"verification failed: Nexus holds SHA-1 {stored.Sha1} at {item.TargetPath}, the file sent has {receipt.Digest.Sha1}", receipt.Digest.Sha256, receipt.Attempts);
            }
        }

        var reason = receipt.FoundAfterFailedAttempt ? "stored by an attempt whose answer was lost" : null;
        return new ItemResult(item, ItemAction.Uploaded, reason, receipt.Digest.Sha256, receipt.Attempts) { Sha1 = receipt.Digest.Sha1 };
    }

    private async Task<RemoteAsset?> RemoteFor(PlanItem item, CancellationToken cancellationToken)
    {
        switch (item.Remote)
        {
            case RemoteState.Present:
                return new RemoteAsset(item.TargetPath!, item.RemoteSha1);
            case RemoteState.Absent:
                return null;
            default:
                if (item.TargetPath is null)
                {
                    return null;
                }

                var remote = await HeadUnlessForbiddenAsync(item, cancellationToken);
                return ReferenceEquals(remote, Forbidden) ? null : remote;
        }
    }

    /// <summary>
    /// HEAD needs read permission, an upload only browse + add (nexus-api.md §2.2, §4): a 403 on HEAD means "cannot
    /// check", not "may not upload" — the upload itself will say if the user lacks permissions.
    /// </summary>
    private async Task<RemoteAsset?> HeadUnlessForbiddenAsync(PlanItem item, CancellationToken cancellationToken)
    {
        try
        {
            return await client.HeadAsync(item.Repository!, item.TargetPath!, cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            return Forbidden;
        }
    }
}
