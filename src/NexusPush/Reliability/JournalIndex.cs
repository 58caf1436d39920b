using System.Text.Json;
using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Reliability;

/// <summary>
/// What a previous run's journal says, loaded once at the start of a re-run: the last entry of each file wins, a
/// torn last line (kill -9 mid-write) is ignored, and only entries written against the same Nexus count.
/// The journal saves re-hashing, never asking Nexus: a file unchanged since it landed (same size, mtime, ctime and
/// inode, same repository and path) keeps its journaled SHA-1 and SHA-256, and is still compared with what Nexus
/// holds now (a Nexus restored from an older backup, or another Nexus, gets what it lacks uploaded again).
/// </summary>
internal sealed class JournalIndex
{
    private readonly Dictionary<string, JournalEntry> _last = new(StringComparer.Ordinal);

    public int Count => _last.Count;

    /// <param name="path">The journal file.</param>
    /// <param name="nexusUrl">The Nexus this run talks to; entries written against any other are left out.</param>
    public static JournalIndex Load(string path, string? nexusUrl = null)
    {
        var index = new JournalIndex();
        if (!File.Exists(path))
        {
            return index;
        }

        // A device or FIFO is no journal: reading /dev/full or /dev/zero would never end, a FIFO never opens.
        if (SpecialFiles.Describe(new FileInfo(path)) is { } kind)
        {
            throw new UsageException($"The journal {path} is {kind}, not a file; give --journal a file path.");
        }

        var nexus = NexusKey(nexusUrl);
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (Parse(line) is { } entry && entry.Nexus == nexus)
            {
                index._last[entry.File] = entry;
            }
        }

        return index;
    }

    /// <summary>How a journal names a Nexus: its base URL as the run uses it, without user info.</summary>
    public static string? NexusKey(string? url) => NexusUrl.TryParseBase(url, out var baseUri, out _) ? baseUri.AbsoluteUri : null;

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

    /// <summary>
    /// The plan item with the journal's hashes when it landed unchanged (<see cref="PlanItem.FromJournal"/>): it is
    /// still an upload for the comparison with Nexus to decide, which then reads nothing from disk. Otherwise the item as it was.
    /// </summary>
    public PlanItem Resume(PlanItem item)
    {
        if (item.Action != PlanAction.Upload
            || Landed(item.DisplayPath, item.Length, item.LastWriteUtc, item.Repository, item.TargetPath) is not { } entry
            || entry.Sha1 is not { Length: > 0 } sha1 || entry.Sha256 is not { Length: > 0 } sha256
            || !SameFile(entry, item.LocalPath))
        {
            return item;
        }

        return item with { Digest = new FileDigest(sha1, sha256, entry.Size), FromJournal = true };
    }

    /// <summary>ctime and inode as journaled, when the journal knows them: a rewrite that put size and mtime back, or another file moved in, is not the journaled file.</summary>
    private static bool SameFile(JournalEntry entry, string localPath)
    {
        if (entry.Ctime is null && entry.Inode is null)
        {
            return true;
        }

        try
        {
            var now = FileIdentity.Of(localPath);
            return (entry.Ctime is not { } ctime || now.ChangeTimeNs == 0 || now.ChangeTimeNs == ctime)
                && (entry.Inode is not { } inode || now.Inode == 0 || (now.Inode == inode && now.Device == entry.Device));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
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
