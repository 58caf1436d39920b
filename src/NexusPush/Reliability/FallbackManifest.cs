using System.Text;
using System.Text.Json;
using NexusPush.LocalFiles;

namespace NexusPush.Reliability;

/// <summary>One line of the manifest as read: its number (from 1), its text, and the entry when the text parses.</summary>
internal sealed record ManifestLine(int Number, string Text, FallbackEntry? Entry);

/// <summary>
/// <c>DIR/nexus-push-fallback.jsonl</c>: one JSON line per saved file, appended and fsynced per item. Every change
/// happens under the folder lock (<see cref="FallbackLock.FolderLockName"/>), so a run appending and a replay pruning
/// never lose each other's lines. A line that does not parse is never dropped: replay reports it and keeps it.
/// </summary>
internal sealed class FallbackManifest(string folder, FallbackDisk? disk = null)
{
    public const string FileName = "nexus-push-fallback.jsonl";

    private readonly FallbackDisk _disk = disk ?? new FallbackDisk();

    public string Path { get; } = System.IO.Path.Combine(folder, FileName);

    /// <summary>Appends one line (the caller holds the folder lock); when the manifest was new, its folder is flushed too.</summary>
    public void Append(FallbackEntry entry)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, ReliabilityJsonContext.Default.FallbackEntry) + "\n");
        if (_disk.AppendLine(Path, line))
        {
            _disk.SyncDirectory(folder);
        }
    }

    /// <summary>The entries that parse, in order (unreadable lines left out; <see cref="ReadLines"/> has them).</summary>
    public List<FallbackEntry> Read() => [.. ReadLines().Where(l => l.Entry is not null).Select(l => l.Entry!)];

    /// <summary>Every non-blank line, readable or not.</summary>
    public List<ManifestLine> ReadLines()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var lines = new List<ManifestLine>();
        var number = 0;
        foreach (var text in File.ReadAllLines(Path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                lines.Add(new ManifestLine(number, text, Parse(text)));
            }
        }

        return lines;
    }

    /// <summary>
    /// Removes the given lines (by their exact text, one occurrence each; the caller holds the folder lock), rewriting
    /// to a temporary name with the manifest's own mode, fsynced, then renamed over it. Unreadable lines stay. Returns
    /// the lines that remain; an empty manifest is deleted.
    /// </summary>
    public List<ManifestLine> Remove(IEnumerable<string> done)
    {
        var toRemove = done.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var kept = new List<ManifestLine>();
        foreach (var line in ReadLines())
        {
            if (toRemove.TryGetValue(line.Text, out var count) && count > 0)
            {
                toRemove[line.Text] = count - 1;
                continue;
            }

            kept.Add(line);
        }

        if (kept.Count == 0)
        {
            File.Delete(Path);
            _disk.SyncDirectory(folder);
            return kept;
        }

        var mode = OperatingSystem.IsWindows() ? AtomicFile.Private : File.GetUnixFileMode(Path);
        var text = new StringBuilder();
        foreach (var line in kept)
        {
            text.Append(line.Text).Append('\n');
        }

        // A fresh O_EXCL temporary, never a fixed name: the folder is often a share anyone can write, and a link
        // planted at a known temporary name would be followed.
        AtomicFile.Write(Path, Encoding.UTF8.GetBytes(text.ToString()), mode);
        return kept;
    }

    private static FallbackEntry? Parse(string line)
    {
        try
        {
            // A line that parses but lacks what replay needs ("{}") is as unreadable as a torn one.
            var entry = JsonSerializer.Deserialize(line, ReliabilityJsonContext.Default.FallbackEntry);
            return entry is { File: not null, Repository: not null, Format: not null, FileName: not null, Sha256: not null, Sha1: not null, Source: not null, Error: not null } ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
