using System.Text.Json;
using NexusPush.Execution;
using NexusPush.Nexus;
using NexusPush.Planning;
using NexusPush.Reporting;

namespace NexusPush.Reliability;

/// <summary>
/// What a previous run's journal says, loaded once at the start of a re-run: the last entry of each file wins, a
/// torn last line (kill -9 mid-write) is ignored. A file unchanged since it landed (same size and mtime, same
/// repository and path, last action uploaded or skipped) is planned as Skip "journal": neither re-hashed nor re-queried.
/// </summary>
internal sealed class JournalIndex
{
    private readonly Dictionary<string, JournalEntry> _last = new(StringComparer.Ordinal);

    public int Count => _last.Count;

    public static JournalIndex Load(string path)
    {
        var index = new JournalIndex();
        if (!File.Exists(path))
        {
            return index;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (Parse(line) is { } entry)
            {
                index._last[entry.File] = entry;
            }
        }

        return index;
    }

    /// <summary>The landed entry for this file if nothing changed since; <paramref name="repository"/> and <paramref name="targetPath"/> are checked when given.</summary>
    public JournalEntry? Landed(string file, long size, DateTime mtimeUtc, string? repository = null, string? targetPath = null)
    {
        if (!_last.TryGetValue(file, out var entry) || entry.Action is not ("uploaded" or "skipped"))
        {
            return null;
        }

        var same = entry.Size == size && entry.Mtime.ToUniversalTime() == mtimeUtc.ToUniversalTime()
            && (repository is null || entry.Repository == repository)
            && (targetPath is null || entry.Path == targetPath);
        return same ? entry : null;
    }

    /// <summary>The plan item as Skip "journal" when the journal shows it landed unchanged; otherwise the item as it was.</summary>
    public PlanItem Resume(PlanItem item)
    {
        if (item.Action != PlanAction.Upload || Landed(item.DisplayPath, item.Length, item.LastWriteUtc, item.Repository, item.TargetPath) is not { } entry)
        {
            return item;
        }

        return item with
        {
            Action = PlanAction.Skip,
            Reason = "journal",
            Digest = entry.Sha256 is not null ? new FileDigest(entry.Sha1 ?? string.Empty, entry.Sha256, entry.Size) : item.Digest,
        };
    }

    private static JournalEntry? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, ReliabilityJsonContext.Default.JournalEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
