using System.Collections.Concurrent;

namespace NexusPush.LocalFiles;

/// <summary>Why a file's whole content was read.</summary>
internal enum FileReadPurpose
{
    /// <summary>Hashed to compare with what Nexus holds (<see cref="FileDigest.ComputeAsync(string, FileIdentity?, CancellationToken)"/>).</summary>
    Digest,

    /// <summary>Streamed as an upload body (<see cref="FileUploadContent"/>), hashed on the way.</summary>
    Upload,

    /// <summary>Copied into the fallback folder when Nexus stays unreachable, hashed on the way.</summary>
    FallbackCopy,
}

/// <summary>
/// Test seam: counts the full-content opens of local files, so tests can prove a file is read from disk once per
/// purpose (the bytes of a big artifact are the expensive part of a run). Scoped with an AsyncLocal, so tests running
/// in parallel do not see each other's reads; with no scope active, recording is one AsyncLocal read.
/// </summary>
internal static class FileReadCounter
{
    private static readonly AsyncLocal<FileReadLog?> Active = new();

    /// <summary>Counts the reads of this async flow and its children until the log is disposed.</summary>
    public static FileReadLog Start()
    {
        var log = new FileReadLog(Active.Value, previous => Active.Value = previous);
        Active.Value = log;
        return log;
    }

    /// <summary>Called where a file is opened to be read whole.</summary>
    public static void Opened(string path, FileReadPurpose purpose) => Active.Value?.Add(path, purpose);
}

/// <summary>The full-content reads seen while a <see cref="FileReadCounter"/> scope was active.</summary>
internal sealed class FileReadLog(FileReadLog? previous, Action<FileReadLog?> restore) : IDisposable
{
    private readonly ConcurrentDictionary<(string Path, FileReadPurpose Purpose), int> _reads = new();

    /// <summary>Every file read, with its full path as the code opened it.</summary>
    public IReadOnlyCollection<string> Files => _reads.Keys.Select(k => k.Path).Distinct(StringComparer.Ordinal).ToList();

    public int Count(string path, FileReadPurpose purpose) => _reads.GetValueOrDefault((Path.GetFullPath(path), purpose));

    public int Total(FileReadPurpose purpose) => _reads.Where(r => r.Key.Purpose == purpose).Sum(r => r.Value);

    public void Dispose() => restore(previous);

    internal void Add(string path, FileReadPurpose purpose) => _reads.AddOrUpdate((Path.GetFullPath(path), purpose), 1, (_, n) => n + 1);
}
