using NexusPush.Formats;
using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Runs;

namespace NexusPush.Execution;

/// <summary>
/// Carries out one <see cref="PlanAction.Upload"/> item: check what Nexus holds at the target path, upload when
/// needed, verify. Per-item problems become results; problems that stop the run are thrown.
/// An item ends `uploaded` or `skipped` as identical only when a SHA-1 that Nexus returned (the HEAD's ETag or the
/// listing's checksum) equals the local file's; what cannot be proven that way fails with what to do about it,
/// unless the user turned verification off (<c>--no-verify</c>), and then the result says "not verified".
/// </summary>
internal sealed class ItemUploader(NexusClient client, ExecutionOptions options)
{
    /// <summary>Marks "HEAD answered 403" apart from "absent".</summary>
    private static readonly RemoteAsset Forbidden = new("(forbidden)", null);

    private readonly NuGetItemUploader _nuget = new(client, options);

    public NexusClient Client => client;

    /// <summary>
    /// Set by the executor that batches verification (<see cref="ListingVerifier"/>): an upload into a repository the
    /// comparison already read through its listing (<see cref="PlanItem.Remote"/> known) is not HEADed at once; its
    /// result comes back with <see cref="ItemResult.AwaitsVerification"/> and the verifier settles it.
    /// </summary>
    public bool VerifyLaterWhenListed { get; private set; }

    /// <summary>Turns <see cref="VerifyLaterWhenListed"/> on; the executor that calls it settles the held results.</summary>
    public ItemUploader VerifyingLater()
    {
        VerifyLaterWhenListed = true;
        return this;
    }

    /// <summary>Requests the item may need at most on its happy path: the HEAD before (when the comparison did not answer), the upload, the verification.</summary>
    public int RequestsFor(PlanItem item) =>
        NuGetRemote.Applies(item) ? 3
        : (item.Remote == RemoteState.Unknown && item.TargetPath is not null ? 1 : 0) + 1 + (options.Verify ? 1 : 0);

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
            // One read of the local file to compare with Nexus's ETag (nexus-contract.md §4).
            digest ??= await FileDigest.ComputeAsync(item.LocalPath, item.Identity, cancellationToken);
            if (remote.Sha1 is not null && !string.Equals(remote.Sha1, digest.Sha1, StringComparison.OrdinalIgnoreCase) && client.WritePolicies.ShouldRead(item.Repository))
            {
                await ReadWritePolicyAsync(item, cancellationToken);
            }

            var decision = ConflictDecision.Decide(Where(item), remote.Sha1, digest.Sha1, options.OnConflict, client.WritePolicies.ConflictHint(item.Repository));
            if (Decided(item, decision, digest) is { } decided)
            {
                return decided;
            }
        }

        var form = ComponentForm.For(item.Format, item.FileName, item.Directory);
        UploadReceipt receipt;
        try
        {
            receipt = await client.UploadAsync(new UploadRequest(item.Repository!, item.LocalPath, item.Length, form, item.TargetPath, item.Identity), progress, cancellationToken);
        }
        catch (NexusRequestException e) when (e.Kind == NexusFailureKind.Conflict && item.TargetPath is not null)
        {
            return await AfterRefusalAsync(item, digest, e, cancellationToken);
        }

        if (Unproven(item, digest, receipt, options) is { } unproven)
        {
            return unproven;
        }

        var lostAnswer = LostAnswer(receipt);

        if (item.TargetPath is not null && VerifyLaterWhenListed && item.Remote != RemoteState.Unknown)
        {
            return new ItemResult(item, ItemAction.Uploaded, lostAnswer, receipt.Digest.Sha256, receipt.Attempts) { Sha1 = receipt.Digest.Sha1, AwaitsVerification = true };
        }

        if (item.TargetPath is not null)
        {
            var failure = await VerifyAsync(item, receipt.Digest.Sha1, cancellationToken);
            if (failure is not null)
            {
                return new ItemResult(item, ItemAction.Failed, failure, receipt.Digest.Sha256, receipt.Attempts);
            }
        }

        return new ItemResult(item, ItemAction.Uploaded, lostAnswer, receipt.Digest.Sha256, receipt.Attempts) { Sha1 = receipt.Digest.Sha1 };
    }

    /// <summary>
    /// The first half of the one post-upload step every format shares: the result of an upload that is not to be
    /// verified — the file changed since planning (failed), or <c>--no-verify</c> (uploaded, "not verified") — or null
    /// when the upload is to be verified by a checksum Nexus returns.
    /// </summary>
    internal static ItemResult? Unproven(PlanItem item, FileDigest? planned, UploadReceipt receipt, ExecutionOptions options)
    {
        if (planned is not null && !string.Equals(planned.Sha256, receipt.Digest.Sha256, StringComparison.Ordinal))
        {
            return new ItemResult(item, ItemAction.Failed, $"the file changed between planning and upload (SHA-256 {planned.Sha256} then {receipt.Digest.Sha256}); re-run to check what Nexus holds", receipt.Digest.Sha256, receipt.Attempts);
        }

        return options.Verify ? null
            : new ItemResult(item, ItemAction.Uploaded, "not verified (--no-verify)" + (LostAnswer(receipt) is { } lost ? "; " + lost : string.Empty), receipt.Digest.Sha256, receipt.Attempts);
    }

    /// <summary>The reason an upload carries when it was stored by an attempt whose answer was lost, else null.</summary>
    internal static string? LostAnswer(UploadReceipt receipt) => receipt.FoundAfterFailedAttempt ? "stored by an attempt whose answer was lost" : null;

    /// <summary>
    /// Why an upload whose verifying read (a HEAD, a listing, NuGet's search) Nexus refused with 403 is failed, for
    /// every format: exit 0 means verified by Nexus's checksum, and this user may add but not read.
    /// </summary>
    internal static string ForbiddenToVerify(string repository, string what) =>
        $"uploaded but not verified: this user may not read repository '{repository}' ({what}); grant it read (nx-repository-view-*-{repository}-read), or pass --no-verify to accept unverified uploads";

    /// <summary>Settles an upload that <see cref="ItemResult.AwaitsVerification"/> with one HEAD of its stored path.</summary>
    public async Task<ItemResult> VerifyByHeadAsync(ItemResult uploaded, CancellationToken cancellationToken)
    {
        var settled = uploaded with { AwaitsVerification = false };
        var failure = await VerifyAsync(uploaded.Item, uploaded.Sha1!, cancellationToken);
        return failure is null ? settled : settled with { Action = ItemAction.Failed, Reason = failure, Sha1 = null };
    }

    /// <summary>HEAD the stored path after the upload: null when Nexus's ETag equals the SHA-1 of what was sent, else why not.</summary>
    private async Task<string?> VerifyAsync(PlanItem item, string sentSha1, CancellationToken cancellationToken)
    {
        var where = $"{item.Repository}{item.TargetPath}";
        var stored = await HeadUnlessForbiddenAsync(item, cancellationToken);
        if (ReferenceEquals(stored, Forbidden))
        {
            return ForbiddenToVerify(item.Repository!, "HEAD answered 403");
        }

        if (stored is null)
        {
            return $"Nexus accepted the upload but {where} is not there; check the repository's layout rules (e.g. yum repodata depth)";
        }

        if (stored.Sha1 is null)
        {
            return $"uploaded but not verified: Nexus answered HEAD {where} with no checksum (no ETag); check for a proxy that strips ETag headers, or pass --no-verify to accept unverified uploads";
        }

        return ConflictDecision.VerificationFailure(item.TargetPath, stored.Sha1, sentSha1);
    }

    /// <summary>
    /// Nexus refused the upload because the path is taken (ALLOW_ONCE: 400 "cannot be updated", or 409). Another
    /// process, an earlier run or an attempt whose answer was lost may have stored these very bytes, so a HEAD
    /// decides: identical is skipped as identical, never "bump the version".
    /// </summary>
    private async Task<ItemResult> AfterRefusalAsync(PlanItem item, FileDigest? digest, NexusRequestException refusal, CancellationToken cancellationToken)
    {
        digest ??= await FileDigest.ComputeAsync(item.LocalPath, item.Identity, cancellationToken);
        var stored = await HeadUnlessForbiddenAsync(item, cancellationToken);
        if (stored is null)
        {
            return new ItemResult(item, ItemAction.Failed, refusal.Message, digest.Sha256);
        }

        if (ReferenceEquals(stored, Forbidden) || stored.Sha1 is null)
        {
            var why = ReferenceEquals(stored, Forbidden) ? "HEAD answered 403" : "HEAD answered without an ETag";
            return new ItemResult(item, ItemAction.Failed, $"Nexus refused to replace {item.Repository}{item.TargetPath} ({refusal.StatusCode}, write policy ALLOW_ONCE) and cannot compare it with the local file ({why}); grant read on repository '{item.Repository}' so identical bytes are recognised", digest.Sha256);
        }

        var decision = ConflictDecision.Decide(Where(item), stored.Sha1, digest.Sha1, ConflictDecision.AfterRefusal(options.OnConflict), ConflictDecision.RefusedHint(refusal.StatusCode));
        return Decided(item, decision, digest)!;
    }

    /// <summary>The repository's write policy, for the conflict's hint, when no preflight read it (<see cref="WritePolicies.ReadOnFirstConflict"/>).</summary>
    private async Task ReadWritePolicyAsync(PlanItem item, CancellationToken cancellationToken)
    {
        var policy = await client.TryReadWritePolicyAsync(item.Format.NexusId(), item.Repository!, cancellationToken);
        if (policy is null)
        {
            client.WritePolicies.RecordUnknown(item.Repository!);
        }
        else
        {
            client.WritePolicies.Record(item.Repository!, policy);
        }
    }

    private static string Where(PlanItem item) => $"{item.Repository}{item.TargetPath}";

    /// <summary>
    /// The result a decision gives before any upload (NuGet packages too); null when the file is to be sent. Identical
    /// bytes keep their SHA-1, so the resume journal can vouch for them next time.
    /// </summary>
    internal static ItemResult? Decided(PlanItem item, Decision decision, FileDigest digest) => decision.Verdict switch
    {
        Verdict.Identical => new ItemResult(item, ItemAction.Skipped, decision.Reason, digest.Sha256) { Sha1 = digest.Sha1 },
        Verdict.Skip => new ItemResult(item, ItemAction.Skipped, decision.Reason, digest.Sha256),
        Verdict.Fail or Verdict.CannotCompare => new ItemResult(item, ItemAction.Failed, decision.Reason, digest.Sha256),
        _ => null,
    };

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
    /// HEAD needs read permission, an upload only browse + add (nexus-contract.md §2.3, §4): a 403 on HEAD means "cannot
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
