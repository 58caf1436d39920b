using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Formats;
using NexusPush.LocalFiles;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Reliability;

/// <summary>
/// <c>--fallback-dir DIR</c>: the "good old NFS share" of the seed. The file is copied under its relative path
/// (sync-dir) or its file name (upload) to a temporary name with at most the source's permission bits, fsynced,
/// renamed, the folder fsynced, then its manifest line appended and fsynced: only then is it reported saved. When any
/// step fails the item is failed and the copy removed, so the folder never holds a copy without a line.
/// </summary>
internal sealed class FallbackFolder(string folder, bool keepRelativePaths, TimeProvider time)
{
    private const int BufferSize = 1 << 17;

    /// <summary>A partial copy younger than this is never taken for stale: its writer may be between creating it and locking it.</summary>
    private static readonly TimeSpan PartialGrace = TimeSpan.FromMinutes(1);

    private int _tidied;

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The file-system steps; tests record or break them.</summary>
    internal FallbackDisk Disk { get; init; } = new();

    /// <summary>Where the first save says which stale partial copies it removed.</summary>
    internal ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>How long a save waits for the folder lock another run or a replay holds for one save or prune.</summary>
    internal TimeSpan LockPatience { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Saves the item's file; the result is <see cref="ItemAction.Fallback"/> only once the copy and its manifest line
    /// are both on disk, else <see cref="ItemAction.Failed"/> with no copy left behind (the file stays where it is).
    /// The executor calls it only for transient failures; errors a retry cannot fix fail loudly instead.
    /// </summary>
    public async Task<ItemResult> SaveAsync(PlanItem item, NexusRequestException error, CancellationToken cancellationToken)
    {
        string? temporary = null;
        string? placed = null;
        try
        {
            var folderIsNew = !Directory.Exists(Folder);
            Directory.CreateDirectory(Folder);
            if (folderIsNew && Path.GetDirectoryName(Folder) is { } parent)
            {
                Disk.SyncDirectory(parent);
            }

            if (Interlocked.Exchange(ref _tidied, 1) == 0 && RemoveStalePartials(Folder) is { } removed)
            {
                Logger.LogWarning("{Folder}: {Removed}", Folder, removed);
            }

            // The temporary copy sits in the folder itself, which a replay never removes (it does remove emptied
            // sub-folders); its sub-folder is made under the lock, just before the rename.
            var relative = RelativePathFor(item);
            temporary = Path.Combine(Folder, $".{Path.GetFileName(relative)}.{Guid.NewGuid():N}.partial");

            var digest = await CopyAsync(item.LocalPath, item.Identity, temporary, cancellationToken);

            using (FallbackLock.Take(Folder, FallbackLock.FolderLockName, LockPatience))
            {
                var (final, isNew) = Claim(relative, temporary, digest);
                temporary = null;
                placed = isNew ? final : null;
                SyncDirectories(Path.GetDirectoryName(final)!);

                new FallbackManifest(Folder, Disk).Append(new FallbackEntry(
                    ToRelative(final), item.Repository ?? string.Empty, item.Format.NexusId(), item.TargetPath, item.Directory, item.FileName,
                    digest.Sha256, digest.Sha1, digest.Length, item.LocalPath, error.Message, time.GetUtcNow()));
                placed = null;
                return new ItemResult(item, ItemAction.Fallback, $"{error.Message} Saved to {final} for 'nexus-push replay'.", digest.Sha256)
                {
                    FallbackPath = final,
                    RunWideCause = error.RunWideCause,
                };
            }
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            TryDelete(placed);
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            TryDelete(placed);
            var copyFailure = $"The copy to the fallback folder {Folder} failed too ({e.Message}); the file is still at {item.LocalPath}";
            return new ItemResult(item, ItemAction.Failed, $"{error.Message} {copyFailure}.")
            {
                RunWideCause = error.RunWideCause,
                FallbackCopyFailure = copyFailure,
            };
        }
    }

    /// <summary>
    /// Removes the temporary copies (<c>.NAME.GUID.partial</c>) that writers stopped by kill -9 or a power cut left in
    /// <paramref name="folder"/>; returns the sentence that says so, or null when there was none. A writer holds the
    /// lock on its copy (<see cref="FallbackDisk.CreateCopy"/> opens it with <see cref="FileShare.None"/>, a flock on
    /// Unix, as <see cref="FallbackLock"/> uses) for as long as it copies, so a copy whose lock this process gets has
    /// no writer left; one written in the last minute is left alone too (its writer may not have locked it yet).
    /// </summary>
    internal static string? RemoveStalePartials(string folder)
    {
        var removed = new List<string>();
        try
        {
            if (!Directory.Exists(folder))
            {
                return null;
            }

            foreach (var path in Directory.EnumerateFiles(folder, ".*.partial"))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < PartialGrace)
                {
                    continue;
                }

                FileStream held;
                try
                {
                    held = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
                }
                catch (IOException e) when (FallbackLock.IsHeldElsewhere(e) || e is FileNotFoundException)
                {
                    continue; // still being written, or gone already
                }

                using (held)
                {
                    if (!OperatingSystem.IsWindows())
                    {
                        File.Delete(path); // while holding its lock: no writer can take it in between
                    }
                }

                if (OperatingSystem.IsWindows())
                {
                    File.Delete(path);
                }

                removed.Add(Path.GetFileName(path));
            }

            if (removed.Count > 0)
            {
                DurableWrites.SyncDirectory(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying is a courtesy: the save or replay goes on, and the next one tries again.
        }

        return removed.Count == 0 ? null
            : $"removed {removed.Count} partial {(removed.Count == 1 ? "copy" : "copies")} left by a run that was stopped while copying: {string.Join(", ", removed.Select(ControlChars.Escape))}";
    }

    /// <summary>The copy's path inside the folder, with '/': never absolute, never climbing out with "..".</summary>
    private string RelativePathFor(PlanItem item)
    {
        var display = item.DisplayPath.Replace('\\', '/');
        var segments = display.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var safe = keepRelativePaths && !Path.IsPathRooted(item.DisplayPath) && segments.Length > 0 && segments.All(s => s is not "." and not "..");
        return safe ? string.Join('/', segments) : Path.GetFileName(item.LocalPath);
    }

    /// <summary>
    /// Renames the complete copy to its final name (the caller holds the folder lock). An identical file already there
    /// is reused; a different one keeps its place and this copy goes to <c>dup-2/</c>, <c>dup-3/</c>, … under the same
    /// relative path, so its file name stays a valid package name.
    /// </summary>
    private (string Path, bool IsNew) Claim(string relative, string temporary, FileDigest digest)
    {
        for (var n = 1; ; n++)
        {
            var candidate = Path.Combine(n == 1 ? Folder : Path.Combine(Folder, $"dup-{n}"), relative.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(candidate))
            {
                if (new FileInfo(candidate).Length == digest.Length && FileDigest.ComputeAsync(candidate, CancellationToken.None).GetAwaiter().GetResult().Sha256 == digest.Sha256)
                {
                    File.Delete(temporary);
                    return (candidate, false);
                }

                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(candidate)!);
            Disk.Rename(temporary, candidate);
            return (candidate, true);
        }
    }

    /// <summary>fsync of the copy's folder and each one above it up to the fallback folder: new sub-folders are names too.</summary>
    private void SyncDirectories(string directory)
    {
        var current = directory;
        while (true)
        {
            Disk.SyncDirectory(current);
            if (current.Length <= Folder.Length || Path.GetDirectoryName(current) is not { } parent)
            {
                return;
            }

            current = parent;
        }
    }

    private string ToRelative(string path) => Path.GetRelativePath(Folder, path).Replace('\\', '/');

    /// <summary>
    /// Copies and hashes in one read. Blocks of zeros are not written but skipped by seeking, as <c>cp --sparse</c>
    /// does, so a sparse file (a disk image, a core dump) stays sparse in the fallback folder: its holes read back as
    /// the same zeros, and a 3 GiB image with 10 MiB of data takes 10 MiB, not 3 GiB of the share.
    /// </summary>
    private async Task<FileDigest> CopyAsync(string source, FileIdentity? planned, string target, CancellationToken cancellationToken)
    {
        await using var output = Disk.CreateCopy(target, PermissionBitsOf(source));
        var digest = await FileDigest.ReadAsync(source, planned, FileReadPurpose.FallbackCopy, BufferSize, chunk => WriteKeepingHolesAsync(output, chunk, cancellationToken), cancellationToken);
        if (output.CanSeek && output.Position > output.Length)
        {
            output.SetLength(output.Position); // a hole at the end: the length, without writing it
        }

        Disk.SyncFile(output); // survive a power cut before the rename makes the copy visible
        return digest;
    }

    private const int HoleBlock = 4096;

    private static async ValueTask WriteKeepingHolesAsync(Stream output, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (!output.CanSeek)
        {
            await output.WriteAsync(chunk, cancellationToken);
            return;
        }

        for (var offset = 0; offset < chunk.Length;)
        {
            // A run of data blocks is one write; a run of zero blocks one seek.
            var zero = IsZeroBlock(chunk, offset);
            var end = offset;
            while (end < chunk.Length && IsZeroBlock(chunk, end) == zero)
            {
                end = Math.Min(chunk.Length, end + HoleBlock);
            }

            if (zero)
            {
                output.Seek(end - offset, SeekOrigin.Current);
            }
            else
            {
                await output.WriteAsync(chunk[offset..end], cancellationToken);
            }

            offset = end;
        }
    }

    private static bool IsZeroBlock(ReadOnlyMemory<byte> chunk, int offset) =>
        !chunk.Span.Slice(offset, Math.Min(HoleBlock, chunk.Length - offset)).ContainsAnyExcept((byte)0);

    /// <summary>The source's rwx bits (no setuid, setgid or sticky), as cp without -p keeps them; null on Windows.</summary>
    private static UnixFileMode? PermissionBitsOf(string source)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        const UnixFileMode rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return File.GetUnixFileMode(source) & rwx;
    }

    private static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover ".partial" file is ignored by replay.
        }
    }
}
