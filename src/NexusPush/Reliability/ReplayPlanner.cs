using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;

namespace NexusPush.Reliability;

/// <summary>
/// Plans <c>nexus-push replay DIR</c>: one upload per manifest line, to the repository and path first intended. A saved
/// copy that is missing or whose bytes no longer match the manifest's SHA-256 is a failed item, never sent.
/// </summary>
internal static class ReplayPlanner
{
    public static async Task<List<(PlanItem Item, FallbackEntry Entry)>> PlanAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder} is not a directory; replay takes the folder given to --fallback-dir.");
        }

        // No manifest: nothing was saved, or an earlier replay sent everything (it deletes the emptied manifest).
        var manifest = new FallbackManifest(folder);
        var plan = new List<(PlanItem, FallbackEntry)>();
        foreach (var entry in manifest.Read())
        {
            plan.Add((await PlanOneAsync(folder, entry, cancellationToken), entry));
        }

        return plan;
    }

    private static async Task<PlanItem> PlanOneAsync(string folder, FallbackEntry entry, CancellationToken cancellationToken)
    {
        var local = Path.Combine(Path.GetFullPath(folder), entry.File.Replace('/', Path.DirectorySeparatorChar));
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

        var digest = await FileDigest.ComputeAsync(local, cancellationToken);
        if (!string.Equals(digest.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return item with { Action = PlanAction.Fail, Reason = $"the saved copy changed since it was saved (SHA-256 {digest.Sha256}, manifest {entry.Sha256}); not sent" };
        }

        return item with { Length = digest.Length, Digest = digest };
    }
}
