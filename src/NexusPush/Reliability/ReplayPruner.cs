using NexusPush.Execution;
using NexusPush.Planning;
using NexusPush.Reporting;

namespace NexusPush.Reliability;

/// <summary>
/// Removes a replayed file from the fallback folder only once Nexus verifiably holds it (uploaded and verified by
/// HEAD + SHA-1, or found identical). The manifest line goes first, then the file: a replay killed in between leaves an
/// extra copy, never a line without its file. Anything else stays for the next replay.
/// </summary>
internal sealed class ReplayPruner(string folder, IReadOnlyDictionary<PlanItem, FallbackEntry> entries, TextWriter stderr) : IRunObserver
{
    private readonly FallbackManifest _manifest = new(folder);

    public void ItemFinished(ItemResult result)
    {
        if (!Landed(result) || !entries.TryGetValue(result.Item, out var entry))
        {
            return;
        }

        try
        {
            if (_manifest.Remove(entry) == 0)
            {
                File.Delete(result.Item.LocalPath);
                RemoveEmptyParents(Path.GetDirectoryName(result.Item.LocalPath)!);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"[WRN] {entry.File} is in Nexus but could not be removed from the fallback folder ({e.Message}); the next replay finds it identical.");
        }
    }

    public void RunFinished(RunSummary summary)
    {
        if (File.Exists(_manifest.Path) && _manifest.Read().Count == 0 && new FileInfo(_manifest.Path).Length == 0)
        {
            File.Delete(_manifest.Path);
        }
    }

    /// <summary>Verifiably in Nexus: uploaded with a predicted path (so the HEAD check ran and matched), or found identical.</summary>
    private static bool Landed(ItemResult result) => result.Action switch
    {
        ItemAction.Uploaded => result.Item.TargetPath is not null && result.Reason?.StartsWith("not verified", StringComparison.Ordinal) != true,
        ItemAction.Skipped => result.Reason == "identical",
        _ => false,
    };

    private void RemoveEmptyParents(string directory)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        while (directory.Length > root.Length && directory.StartsWith(root, StringComparison.Ordinal) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            directory = Path.GetDirectoryName(directory)!;
        }
    }
}
