namespace NexusPush.Reliability;

/// <summary>One line of a <c>--journal</c> file: a finished item of a sync (resume journal).</summary>
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
    DateTimeOffset Time)
{
    /// <value>The Nexus base URL it went to (no credentials): entries of another Nexus never count.</value>
    public string? Nexus { get; init; }

    /// <value>Local ctime (nanoseconds since the epoch) when it finished; null when unknown.</value>
    public long? Ctime { get; init; }

    /// <value>Local device number when it finished; null when unknown.</value>
    public ulong? Device { get; init; }

    /// <value>Local inode number when it finished; null when unknown.</value>
    public ulong? Inode { get; init; }
}
