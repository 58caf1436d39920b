using NexusPush.Formats;
using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Reliability;

/// <summary>
/// One upload of a replay and the manifest lines it settles: lines that name the same bytes for the same place
/// (a file saved twice) are sent once and pruned together.
/// </summary>
internal sealed record ReplayItem(PlanItem Item, IReadOnlyList<ManifestLine> Lines, ReplayItemKind Kind);

/// <summary>Why a replay item is what it is, for the "N entries remain" sentence.</summary>
internal enum ReplayItemKind
{
    Upload,
    Unreadable,
    Outside,
    Unusable,
}

/// <summary>
/// Plans <c>nexus-push replay DIR</c>: one upload per distinct manifest entry, to the repository and path first
/// intended. Nothing in the manifest is trusted: a line that does not parse is a failed item ("manifest line N
/// unreadable"), an entry whose file lies outside the folder is a failed item never read, hashed, sent or deleted, and
/// a saved copy that is missing, special or whose bytes no longer match the manifest's SHA-256 is never sent.
/// </summary>
internal static class ReplayPlanner
{
    public static async Task<List<ReplayItem>> PlanAsync(string folder, TimeSpan lockPatience, CancellationToken cancellationToken)
    {
        var manifest = new FallbackManifest(folder);
        List<ManifestLine> lines;
        try
        {
            // Under the folder lock: a run appending right now must not show up as a half-written, "unreadable" line.
            using (FallbackLock.Take(folder, FallbackLock.FolderLockName, lockPatience))
            {
                lines = manifest.ReadLines();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the fallback manifest {manifest.Path}: {e.Message}");
        }

        var plan = new List<ReplayItem>();
        var uploads = new Dictionary<string, (ReplayItem Item, int Index)>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Entry is not { } entry)
            {
                plan.Add(Failed(manifest.Path, $"{FallbackManifest.FileName} line {line.Number}", line, ReplayItemKind.Unreadable,
                    $"manifest line {line.Number} unreadable; it is kept: repair or delete it by hand, then run replay again"));
                continue;
            }

            if (FallbackPaths.Resolve(folder, entry.File) is not { } copy)
            {
                plan.Add(Failed(manifest.Path, entry.File ?? $"line {line.Number}", line, ReplayItemKind.Outside,
                    $"{FallbackPaths.OutsideReason} (line {line.Number}); it was not read, sent or deleted — remove the line by hand"));
                continue;
            }

            var key = string.Join('\n', entry.Repository, entry.Format, entry.Path ?? $"{entry.Directory}\n{entry.FileName}", entry.Sha256.ToUpperInvariant());
            if (uploads.TryGetValue(key, out var same))
            {
                // The same bytes for the same place: one upload settles both lines.
                var merged = same.Item with { Lines = [.. same.Item.Lines, line] };
                plan[same.Index] = merged;
                uploads[key] = (merged, same.Index);
                continue;
            }

            var item = await PlanOneAsync(copy, entry, cancellationToken);
            var planned = new ReplayItem(item, [line], item.Action == PlanAction.Upload ? ReplayItemKind.Upload : ReplayItemKind.Unusable);
            uploads[key] = (planned, plan.Count);
            plan.Add(planned);
        }

        return plan;
    }

    private static ReplayItem Failed(string manifestPath, string display, ManifestLine line, ReplayItemKind kind, string reason) => new(
        new PlanItem
        {
            LocalPath = manifestPath,
            DisplayPath = display,
            FileName = FallbackManifest.FileName,
            Length = 0,
            Format = ArtifactFormat.Raw,
            Action = PlanAction.Fail,
            Reason = reason,
        },
        [line],
        kind);

    private static async Task<PlanItem> PlanOneAsync(string local, FallbackEntry entry, CancellationToken cancellationToken)
    {
        var item = new PlanItem
        {
            LocalPath = local,
            DisplayPath = entry.File,
            Length = entry.Bytes,
            Format = ArtifactFormats.TryParse(entry.Format, out var format) ? format : ArtifactFormat.Raw,
            Repository = entry.Repository,
            Directory = entry.Directory,
            FileName = entry.FileName,
            TargetPath = entry.Path,
            Action = PlanAction.Upload,
        };

        if (!ArtifactFormats.TryParse(entry.Format, out _))
        {
            return item with { Action = PlanAction.Fail, Reason = $"the manifest names an unknown format '{entry.Format}'" };
        }

        if (!File.Exists(local))
        {
            return item with { Action = PlanAction.Fail, Reason = $"the saved copy {local} is missing" };
        }

        if (SpecialFiles.Describe(new FileInfo(local)) is { } special)
        {
            return item with { Action = PlanAction.Fail, Reason = $"the saved copy {local} is {special}, not a file; not sent" };
        }

        FileDigest digest;
        FileIdentity identity;
        try
        {
            // The copy hashed here is the one the upload must open (a link swapped in meanwhile is failed, not sent).
            identity = FileIdentity.Of(local);
            digest = await FileDigest.ComputeAsync(local, identity, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return item with { Action = PlanAction.Fail, Reason = $"cannot read the saved copy {local}: {e.Message}" };
        }

        if (!string.Equals(digest.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return item with { Action = PlanAction.Fail, Reason = $"the saved copy changed since it was saved (SHA-256 {digest.Sha256}, manifest {entry.Sha256}); not sent" };
        }

        return item with { Length = digest.Length, Digest = digest, Identity = identity };
    }
}
