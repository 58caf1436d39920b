using System.Text;
using System.Text.Json;

namespace NexusPush.Reliability;

/// <summary>
/// <c>DIR/nexus-push-fallback.jsonl</c>: one JSON line per saved file, appended and flushed per item so a killed run
/// leaves every finished line readable; a torn last line is ignored when reading.
/// </summary>
internal sealed class FallbackManifest(string folder)
{
    public const string FileName = "nexus-push-fallback.jsonl";

    private static readonly Lock Gate = new();

    public string Path { get; } = System.IO.Path.Combine(folder, FileName);

    public void Append(FallbackEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, ReliabilityJsonContext.Default.FallbackEntry) + "\n";
        lock (Gate)
        {
            Retry(() =>
            {
                using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                stream.Write(Encoding.UTF8.GetBytes(line));
                stream.Flush(flushToDisk: true);
            });
        }
    }

    /// <summary>The entries, in order; a line that does not parse (a torn last line) is skipped.</summary>
    public List<FallbackEntry> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var entries = new List<FallbackEntry>();
        foreach (var line in File.ReadAllLines(Path))
        {
            if (Parse(line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>
    /// Removes one replayed entry (rewritten to a temporary name, renamed over). Returns how many entries still refer to
    /// the same saved file, so the caller deletes it only when none does.
    /// </summary>
    public int Remove(FallbackEntry done)
    {
        var stillReferenced = 0;
        lock (Gate)
        {
            Retry(() =>
            {
                // FileShare.None: a run appending at this moment waits (Append retries) instead of losing its line.
                using var current = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                using var reader = new StreamReader(current, Encoding.UTF8, leaveOpen: true);
                var kept = new StringBuilder();
                var removed = false;
                stillReferenced = 0;
                while (reader.ReadLine() is { } line)
                {
                    var entry = Parse(line);
                    if (!removed && entry is not null && entry.File == done.File && entry.Repository == done.Repository && entry.Path == done.Path)
                    {
                        removed = true;
                        continue;
                    }

                    if (entry is not null)
                    {
                        kept.Append(line).Append('\n');
                        stillReferenced += entry.File == done.File ? 1 : 0;
                    }
                }

                var temporary = Path + ".tmp";
                File.WriteAllText(temporary, kept.ToString());
                File.Move(temporary, Path, overwrite: true);
            });
        }

        return stillReferenced;
    }

    private static FallbackEntry? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, ReliabilityJsonContext.Default.FallbackEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Another process (a run appending, a replay rewriting) holds the manifest: wait a little and try again. Other I/O errors surface.</summary>
    private static void Retry(Action action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                action();
                return;
            }
            catch (IOException e) when (attempt < 20 && IsSharingViolation(e))
            {
                Thread.Sleep(20 * attempt);
            }
        }
    }

    // Windows: ERROR_SHARING_VIOLATION; Unix: .NET's flock emulation of FileShare reports EWOULDBLOCK (11).
    private static bool IsSharingViolation(IOException e) =>
        e.HResult is 11 or unchecked((int)0x80070020) || e.Message.Contains("being used by another process", StringComparison.Ordinal);
}
