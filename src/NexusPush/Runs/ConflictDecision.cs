namespace NexusPush.Runs;

/// <summary>What to do with a local file whose target Nexus already holds.</summary>
internal enum Verdict
{
    /// <summary>Send it: <c>--on-conflict overwrite</c> (only an ALLOW repository then accepts it).</summary>
    Upload,

    /// <summary>Nexus holds these very bytes: nothing to send.</summary>
    Identical,

    /// <summary>Nexus holds other bytes and keeps them (<c>--on-conflict skip</c>).</summary>
    Skip,

    /// <summary>Nexus holds other bytes and the item fails; the reason names both checksums and what to do.</summary>
    Fail,

    /// <summary>Nexus gave no checksum for what it holds: nothing tells identical from different.</summary>
    CannotCompare,
}

/// <summary>A <see cref="Verdict"/> and the sentence the report gives for it (null for a plain upload).</summary>
internal readonly record struct Decision(Verdict Verdict, string? Reason);

/// <summary>
/// The one identical-or-conflict decision. Planning (which a dry run shows) and uploading (before the upload, and
/// after a write policy refused it) both call <see cref="Decide"/>, so a dry run says what the run will do, in the
/// same words. Identical means equal SHA-1s: the one checksum both a HEAD (its ETag) and the asset listing give.
/// </summary>
internal static class ConflictDecision
{
    public const string Identical = "identical";

    public const string KeptNexusCopy = "; kept Nexus's copy (--on-conflict skip)";

    /// <summary>Decides for a file that Nexus holds at its target.</summary>
    /// <param name="where">How the message names the target: repository and stored path, or a NuGet package's id and version.</param>
    /// <param name="remoteSha1">The SHA-1 Nexus gave for what it holds; null when it gave none.</param>
    /// <param name="localSha1">The local file's SHA-1.</param>
    /// <param name="onConflict"><c>--on-conflict</c>; after a refusal, <see cref="AfterRefusal"/> of it.</param>
    /// <param name="conflictHint">What to append to a conflict that fails: the write policy's hint, or <see cref="RefusedHint"/>.</param>
    public static Decision Decide(string where, string? remoteSha1, string localSha1, ConflictPolicy onConflict, string conflictHint)
    {
        if (remoteSha1 is null)
        {
            // Uploading could replace a different release on an ALLOW repository, so only an explicit overwrite
            // uploads (and the verification after it must then prove the result).
            return onConflict == ConflictPolicy.Overwrite
                ? new(Verdict.Upload, null)
                : new(Verdict.CannotCompare, $"cannot compare: Nexus holds {where} but answered HEAD without a checksum (no ETag), so it is unknown whether it is identical; check for a proxy that strips ETag headers, or pass --on-conflict overwrite to upload it anyway");
        }

        if (string.Equals(remoteSha1, localSha1, StringComparison.OrdinalIgnoreCase))
        {
            return new(Verdict.Identical, Identical);
        }

        var conflict = $"{where} already holds different content (Nexus SHA-1 {remoteSha1}, local SHA-1 {localSha1})";
        return onConflict switch
        {
            ConflictPolicy.Fail => new(Verdict.Fail, conflict + conflictHint),
            ConflictPolicy.Skip => new(Verdict.Skip, conflict + KeptNexusCopy),
            _ => new(Verdict.Upload, null),
        };
    }

    /// <summary>After the write policy refused the upload an overwrite is no longer possible: a conflict fails, unless skipped.</summary>
    public static ConflictPolicy AfterRefusal(ConflictPolicy onConflict) =>
        onConflict == ConflictPolicy.Skip ? ConflictPolicy.Skip : ConflictPolicy.Fail;

    /// <summary>The hint for a conflict found after Nexus refused to replace the stored file (400 "cannot be updated", or 409).</summary>
    /// <param name="status">The refusal's HTTP status, when there was one.</param>
    /// <param name="stored">What Nexus stores: "asset", or "package" for a NuGet package.</param>
    public static string RefusedHint(int? status, string stored = "asset") =>
        $", and the repository does not allow redeploy ({status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "refused"}, write policy ALLOW_ONCE); bump the version or delete the stored {stored} first";

    /// <summary>After an upload: null when what Nexus holds at <paramref name="targetPath"/> has the SHA-1 of the bytes sent, else why it failed.</summary>
    public static string? VerificationFailure(string? targetPath, string storedSha1, string sentSha1) =>
        string.Equals(storedSha1, sentSha1, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"verification failed: Nexus holds SHA-1 {storedSha1} at {targetPath}, the file sent has {sentSha1}";
}
