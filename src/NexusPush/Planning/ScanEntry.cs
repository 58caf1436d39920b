using NexusPush.LocalFiles;

namespace NexusPush.Planning;

/// <summary>
/// One thing the directory walk found: a regular file (directly or through a file symlink), or an entry it could
/// not read, with the reason. Problems are entries, not exceptions, so one bad file never stops a 100,000-file scan
/// and never disappears silently.
/// </summary>
/// <param name="FullPath">Path to open (a symlink's own path: reading follows it).</param>
/// <param name="RelativePath">Path relative to the synced directory, '/'-separated; a directory's ends with '/'.</param>
/// <param name="Length">File size in bytes (the target's, for a symlink).</param>
/// <param name="LastWriteUtc">Last write time of the bytes.</param>
/// <param name="Problem">Why the entry cannot be used, or null.</param>
internal sealed record ScanEntry(string FullPath, string RelativePath, long Length, DateTime LastWriteUtc, string? Problem = null)
{
    /// <summary>Device and inode of the file the scan judged (a link's real target); null for a problem entry or where unknown.</summary>
    public FileIdentity? Identity { get; init; }

    public string FileName => RelativePath.TrimEnd('/')[(RelativePath.TrimEnd('/').LastIndexOf('/') + 1)..];

    /// <summary>The relative directory ("" at the top), '/'-separated.</summary>
    public string RelativeDirectory => RelativePath.LastIndexOf('/') is var slash and > 0 ? RelativePath[..slash] : string.Empty;

    public static ScanEntry Unreadable(string fullPath, string relativePath, string problem) => new(fullPath, relativePath, 0, default, problem);
}
