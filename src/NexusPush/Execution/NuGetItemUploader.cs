using NexusPush.Formats;
using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Runs;

namespace NexusPush.Execution;

/// <summary>
/// <see cref="ItemUploader"/> for a NuGet package: the same check, upload and verification, but Nexus is asked by
/// package id and version (<see cref="NuGetRemote"/>), because the stored path of a .nupkg cannot be predicted. The
/// stored path Nexus names is put on the result, so reports show where the package went.
/// </summary>
internal sealed class NuGetItemUploader(NexusClient client, ExecutionOptions options, NuGetRemote? remote = null)
{
    private readonly NuGetRemote _remote = remote ?? new NuGetRemote(client);

    public async Task<ItemResult> RunAsync(PlanItem item, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var repository = item.Repository!;
        if (NuGetRemote.PackageOf(item) is not { } package)
        {
            return new ItemResult(item, ItemAction.Failed, $"cannot read the package id and version from {item.DisplayPath}; is it a valid .nupkg?");
        }

        var where = NuGetRemote.Describe(repository, package);
        var digest = item.Digest;
        var held = item.Remote == RemoteState.Absent ? null : await ForbiddenIsUnknown(() => _remote.FindAsync(repository, package, cancellationToken));
        // Listed without a checksum, a package is sent: the write policy's answer and the verification decide.
        if (held?.Sha1 is not null)
        {
            digest ??= await FileDigest.ComputeAsync(item.LocalPath, item.Identity, cancellationToken);
            var decision = ConflictDecision.Decide(where, held.Sha1, digest.Sha1, options.OnConflict, client.WritePolicies.ConflictHint(repository));
            if (ItemUploader.Decided(item with { TargetPath = held.Path }, decision, digest) is { } decided)
            {
                return decided;
            }
        }

        UploadReceipt receipt;
        try
        {
            var form = ComponentForm.For(item.Format, item.FileName, item.Directory);
            receipt = await client.UploadAsync(new UploadRequest(repository, item.LocalPath, item.Length, form, PredictedPath: null, item.Identity), progress, cancellationToken);
        }
        catch (NexusRequestException e) when (e.Kind == NexusFailureKind.Conflict)
        {
            return await AfterRefusalAsync(item, package, digest, e, cancellationToken);
        }

        if (ItemUploader.Unproven(item, digest, receipt, options) is { } unproven)
        {
            return unproven;
        }

        RemoteAsset? stored;
        try
        {
            stored = await _remote.FindConfirmedAsync(repository, package, cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            return new ItemResult(item, ItemAction.Failed, ItemUploader.ForbiddenToVerify(repository, "its search and component listing answered 403"), receipt.Digest.Sha256, receipt.Attempts);
        }

        if (stored is null)
        {
            return new ItemResult(item, ItemAction.Failed, $"Nexus accepted the upload but lists no {where}; check the repository in Nexus and re-run", receipt.Digest.Sha256, receipt.Attempts);
        }

        if (!string.Equals(stored.Sha1, receipt.Digest.Sha1, StringComparison.OrdinalIgnoreCase))
        {
            var detail = stored.Sha1 is null ? "without a checksum, so the upload cannot be verified" : $"with SHA-1 {stored.Sha1}, the file sent has {receipt.Digest.Sha1}";
            return new ItemResult(item with { TargetPath = stored.Path }, ItemAction.Failed, $"verification failed: Nexus lists {where} {detail}; check it in Nexus and re-run", receipt.Digest.Sha256, receipt.Attempts);
        }

        return new ItemResult(item with { TargetPath = stored.Path }, ItemAction.Uploaded, ItemUploader.LostAnswer(receipt), receipt.Digest.Sha256, receipt.Attempts);
    }

    /// <summary>
    /// The write policy refused the upload (ALLOW_ONCE or DENY). When Nexus holds exactly these bytes — an earlier run,
    /// or an attempt of this one whose answer was lost — nothing is wrong; otherwise the refusal names the package.
    /// </summary>
    private async Task<ItemResult> AfterRefusalAsync(PlanItem item, PackageInfo package, FileDigest? digest, NexusRequestException refusal, CancellationToken cancellationToken)
    {
        var where = NuGetRemote.Describe(item.Repository!, package);
        digest ??= await FileDigest.ComputeAsync(item.LocalPath, item.Identity, cancellationToken);
        var stored = await ForbiddenIsUnknown(() => _remote.FindInListingAsync(item.Repository!, package, cancellationToken));
        if (stored is null)
        {
            // Not held, yet refused: DENY (read-only), which the classified message already says.
            return new ItemResult(item, ItemAction.Failed, refusal.Message, digest.Sha256);
        }

        var decision = ConflictDecision.Decide(where, stored.Sha1, digest.Sha1, ConflictDecision.AfterRefusal(options.OnConflict), ConflictDecision.RefusedHint(refusal.StatusCode, "package"));
        if (decision.Verdict == Verdict.CannotCompare)
        {
            return new ItemResult(item with { TargetPath = stored.Path }, ItemAction.Failed, $"Nexus already holds {where}{ConflictDecision.RefusedHint(refusal.StatusCode, "package")}", digest.Sha256);
        }

        return ItemUploader.Decided(item with { TargetPath = stored.Path }, decision, digest)!;
    }


    /// <summary>Search and listing need browse permission, an upload only add: a 403 means "cannot check", and the upload decides.</summary>
    private static async Task<RemoteAsset?> ForbiddenIsUnknown(Func<Task<RemoteAsset?>> find)
    {
        try
        {
            return await find();
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            return null;
        }
    }
}
