using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Reliability;

/// <summary>
/// Removes a replayed file from the fallback folder only once Nexus verifiably holds it (uploaded and verified by
/// HEAD + SHA-1, or found identical). Under the folder lock the manifest lines go first, then the copy, and only when
/// no remaining line names it: a replay killed in between leaves an extra copy, never a line without its file.
/// Counts why the lines it does not prune stay, for the closing "N entries remain" sentence.
/// </summary>
internal sealed class ReplayPruner(string folder, IReadOnlyDictionary<PlanItem, ReplayItem> items, TextWriter stderr, TimeSpan lockPatience) : IRunObserver
{
    private readonly FallbackManifest _manifest = new(folder);
    private readonly Dictionary<string, int> _kept = new(StringComparer.Ordinal);

    public void ItemFinished(ItemResult result)
    {
        if (!items.TryGetValue(result.Item, out var item))
        {
            return;
        }

        if (WhyKept(item, result) is { } why)
        {
            _kept[why] = _kept.GetValueOrDefault(why) + item.Lines.Count;
            return;
        }

        try
        {
            using (FallbackLock.Take(folder, FallbackLock.FolderLockName, lockPatience))
            {
                var remaining = _manifest.Remove(item.Lines.Select(l => l.Text));
                var stillNamed = remaining
                    .Select(l => FallbackPaths.Resolve(folder, l.Entry?.File))
                    .OfType<string>()
                    .ToHashSet(StringComparer.Ordinal);
                // Resolved again now: a link swapped in since planning must not lead the delete outside.
                var copies = item.Lines.Select(l => FallbackPaths.Resolve(folder, l.Entry?.File)).OfType<string>().Distinct(StringComparer.Ordinal);
                foreach (var copy in copies.Where(c => !stillNamed.Contains(c)))
                {
                    DeleteCopy(copy);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _kept["in Nexus but not removed from the folder"] = _kept.GetValueOrDefault("in Nexus but not removed from the folder") + item.Lines.Count;
            stderr.WriteLine($"[WRN] {result.Item.DisplayPath} is in Nexus but could not be removed from the fallback folder ({e.Message}); the next replay finds it identical.");
        }
    }

    public void RunFinished(RunSummary summary)
    {
    }

    /// <summary>"2 entries remain in DIR: 1 failed, 1 kept …; …", or null when the manifest holds no line any more.</summary>
    public string? Remaining(int remainingLines)
    {
        if (remainingLines == 0)
        {
            return null;
        }

        var accounted = _kept.Values.Sum();
        var reasons = _kept.Where(k => k.Value > 0).Select(k => $"{k.Value} {k.Key}").ToList();
        if (remainingLines > accounted)
        {
            reasons.Add($"{remainingLines - accounted} saved by a run while this replay ran");
        }

        var entries = remainingLines == 1 ? "1 entry remains" : $"{remainingLines} entries remain";
        return $"replay: {entries} in {Path.GetFullPath(folder)} ({string.Join(", ", reasons)}); fix what the report names and run replay again.";
    }

    /// <summary>Null when Nexus verifiably holds the file (uploaded with a predicted path so the HEAD check ran and matched, or found identical); else why the lines stay.</summary>
    private static string? WhyKept(ReplayItem item, ItemResult result) => item.Kind switch
    {
        ReplayItemKind.Unreadable => "unreadable manifest line",
        ReplayItemKind.Outside => "pointing outside the folder",
        _ => result.Action switch
        {
            ItemAction.Uploaded when result.Item.TargetPath is null => "uploaded but not verified (Nexus chooses the path)",
            ItemAction.Uploaded when result.Reason?.StartsWith("not verified", StringComparison.Ordinal) == true => "uploaded but not verified",
            ItemAction.Uploaded => null,
            ItemAction.Skipped when result.Reason == "identical" => null,
            ItemAction.Skipped => "kept because Nexus holds different content (--on-conflict skip)",
            _ => "failed",
        },
    };

    private void DeleteCopy(string copy)
    {
        File.Delete(copy);
        var root = FallbackPaths.RealFolder(folder);
        for (var directory = Path.GetDirectoryName(copy); directory is not null && RealPath.IsWithin(root, directory, includingRoot: false) && !Directory.EnumerateFileSystemEntries(directory).Any(); directory = Path.GetDirectoryName(directory))
        {
            Directory.Delete(directory);
        }
    }
}
