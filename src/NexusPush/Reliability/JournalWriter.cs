using System.Text;
using System.Text.Json;
using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Reliability;

/// <summary>
/// <c>--journal FILE</c>: appends one JSON line per finished item and flushes it to the operating system at once,
/// so a run killed with -9 leaves every finished line behind (at worst a torn last line, which
/// <see cref="JournalIndex"/> ignores). Items that were never attempted are not written.
/// <para>
/// Unbuffered: each line is one write to the operating system, so a full disk fails that item's write (the executor
/// stops the run, exit 4, naming the journal), and nothing is left in a buffer for <see cref="Dispose"/> to fail on.
/// </para>
/// </summary>
internal sealed class JournalWriter : IRunObserver, IDisposable
{
    private readonly FileStream _stream;
    private readonly TimeProvider _time;
    private readonly string? _nexus;
    private bool _startOnFreshLine;

    /// <param name="path">The journal file, appended to.</param>
    /// <param name="time">The clock for each entry's time.</param>
    /// <param name="nexusUrl">The Nexus this run talks to, recorded in every entry (without user info).</param>
    public JournalWriter(string path, TimeProvider? time = null, string? nexusUrl = null)
    {
        _time = time ?? TimeProvider.System;
        _nexus = JournalIndex.NexusKey(nexusUrl);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot write the journal {path}: {e.Message}");
        }

        // A torn last line from a killed run: the first entry starts on a fresh line so it stays readable.
        _startOnFreshLine = _stream.Length > 0 && LastByte(path) != '\n';
    }

    public void ItemFinished(ItemResult result)
    {
        if (result.Action is ItemAction.Planned or ItemAction.Unrouted or ItemAction.Deferred || (result.Action == ItemAction.Failed && result.Reason?.StartsWith("not attempted", StringComparison.Ordinal) == true))
        {
            return;
        }

        var item = result.Item;
        var identity = IdentityAsPlanned(item);
        var sha1 = result.Sha1 ?? (item.Digest?.Sha1 is { Length: > 0 } planned ? planned : null);
        var entry = new JournalEntry(
            item.DisplayPath, item.Length, item.LastWriteUtc, identity is null ? null : result.Sha256 ?? item.Digest?.Sha256, identity is null ? null : sha1,
            item.Repository, item.TargetPath, ReportNames.Of(result.Action), _time.GetUtcNow())
        {
            Nexus = _nexus,
            Ctime = identity?.ChangeTimeNs is > 0 and var ctime ? ctime : null,
            Device = identity?.Inode is > 0 ? identity.Value.Device : null,
            Inode = identity?.Inode is > 0 and var inode ? inode : null,
        };
        _stream.Write(Encoding.UTF8.GetBytes((_startOnFreshLine ? "\n" : string.Empty) + JsonSerializer.Serialize(entry, ReliabilityJsonContext.Default.JournalEntry) + "\n"));
        _startOnFreshLine = false;
    }

    public void RunFinished(RunSummary summary) => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// The file's identity now, when its size and mtime are still the planned ones; null otherwise (or when it is
    /// gone), and then the entry keeps no hashes: a re-run must not trust them for bytes that have changed since.
    /// </summary>
    private static FileIdentity? IdentityAsPlanned(PlanItem item)
    {
        try
        {
            var now = FileIdentity.Of(item.LocalPath);
            return now.Length == item.Length && now.LastWriteUtc == item.LastWriteUtc.ToUniversalTime() ? now : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int LastByte(string path)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        reader.Seek(-1, SeekOrigin.End);
        return reader.ReadByte();
    }
}
