using System.Collections.Concurrent;

namespace NexusPush.Reliability;

/// <summary>
/// An advisory lock on a file inside the fallback folder, held as long as this object lives. .NET takes
/// <c>flock(LOCK_EX)</c> for a stream opened with <see cref="FileShare.None"/> on Unix and a share lock on Windows, so
/// other nexus-push processes, on this machine or (NFS with lock support) another one, see it. A holder may delete the
/// lock file (a replay tidies an emptied folder): it first marks the file stale, so a process that opened it just
/// before and gets the lock next sees the mark and starts over with a fresh file instead of becoming a second holder.
/// </summary>
internal sealed class FallbackLock : IDisposable
{
    /// <summary>Held briefly by whoever writes the manifest or the copies: a run saving a file, a replay pruning one.</summary>
    public const string FolderLockName = ".nexus-push.lock";

    /// <summary>Held by a replay from start to end, so two replays never send or prune the same entry.</summary>
    public const string ReplayLockName = ".nexus-push-replay.lock";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Workers of one process queue here instead of polling the file lock.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    private readonly FileStream _file;
    private readonly string _path;
    private readonly SemaphoreSlim? _inProcess;

    private FallbackLock(FileStream file, string path, SemaphoreSlim? inProcess)
    {
        _file = file;
        _path = path;
        _inProcess = inProcess;
    }

    /// <summary>The lock when no one else holds it, else null. Never waits.</summary>
    public static FallbackLock? TryTake(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return TryOpen(path) is { } file ? new FallbackLock(file, path, null) : null;
    }

    /// <summary>
    /// Waits up to <paramref name="patience"/> for the lock; <paramref name="busy"/> runs once when another process
    /// holds it. Throws <see cref="IOException"/> with a sentence naming the lock file when the wait runs out.
    /// </summary>
    public static FallbackLock Take(string folder, string name, TimeSpan patience, Action? busy = null)
    {
        var path = Path.GetFullPath(Path.Combine(folder, name));
        var inProcess = InProcess.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        var started = TimeProvider.System.GetTimestamp();
        if (!inProcess.Wait(patience))
        {
            throw Timeout(path, patience);
        }

        try
        {
            var reported = false;
            while (true)
            {
                if (TryOpen(path) is { } file)
                {
                    return new FallbackLock(file, path, inProcess);
                }

                if (TimeProvider.System.GetElapsedTime(started) >= patience)
                {
                    throw Timeout(path, patience);
                }

                if (!reported)
                {
                    reported = true;
                    busy?.Invoke();
                }

                // Another process holds it for one save or one prune: moments, so a short poll costs little.
                Thread.Sleep(PollInterval);
            }
        }
        catch
        {
            inProcess.Release();
            throw;
        }
    }

    /// <summary>Marks the lock file stale and deletes it, still holding the lock (not on Windows, where an open file cannot be deleted).</summary>
    public void DeleteWhileHeld()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _file.WriteByte((byte)'x');
        _file.Flush();
        File.Delete(_path);
    }

    public void Dispose()
    {
        _file.Dispose();
        _inProcess?.Release();
    }

    /// <summary>
    /// The locked file, or null when another holder has it. A file marked stale (not empty) was deleted by its last
    /// holder after this process opened it: open the path again. Marked twice in a row means the path itself still
    /// names a marked file (its holder died between marking and deleting): clear the mark and use it.
    /// </summary>
    private static FileStream? TryOpen(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FallbackDisk.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 0, FallbackDisk.OwnerOnly));
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                return null;
            }

            if (file.Length == 0)
            {
                return file;
            }

            if (attempt > 0)
            {
                file.SetLength(0);
                return file;
            }

            file.Dispose();
        }
    }

    private static IOException Timeout(string path, TimeSpan patience) =>
        new($"another nexus-push process has held {path} for more than {patience.TotalSeconds:0} s");

    // Windows: ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION; Unix: .NET's flock reports EWOULDBLOCK (11) as a sharing violation.
    internal static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or unchecked((int)0x80070020) or unchecked((int)0x80070021)
        || e.Message.Contains("being used by another process", StringComparison.Ordinal);
}
