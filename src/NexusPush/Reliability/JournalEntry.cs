namespace NexusPush.Reliability;

/// <summary>One line of a <c>--journal</c> file: a finished item of a sync (issue 5, resume journal).</summary>
/// <param name="File">Path relative to the synced directory, with '/' (<c>PlanItem.DisplayPath</c>).</param>
/// <param name="Size">Local size when it finished.</param>
/// <param name="Mtime">Local last-write time (UTC) when it finished.</param>
/// <param name="Sha256">Local SHA-256, when it was read.</param>
/// <param name="Sha1">Local SHA-1 (Nexus's ETag), when it was read.</param>
/// <param name="Repository">Where it went.</param>
/// <param name="Path">The target path in the repository.</param>
/// <param name="Action">The report's action: uploaded, skipped, failed, fallback…</param>
/// <param name="Time">When it finished.</param>
internal sealed record JournalEntry(
    string File,
    long Size,
    DateTime Mtime,
    string? Sha256,
    string? Sha1,
    string? Repository,
    string? Path,
    string Action,
    DateTimeOffset Time);
