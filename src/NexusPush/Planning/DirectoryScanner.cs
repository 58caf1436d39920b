using Microsoft.Extensions.Logging;
using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// Walks a directory tree lazily, depth first and in name order, yielding one <see cref="ScanEntry"/> per file kept
/// by the filter and one per entry it could not read. Memory stays flat: only the directories still to visit and
/// the entries of the current one are held. Symbolic links to files are followed; links to directories only with
/// <see cref="ScanOptions.FollowDirectoryLinks"/>, and a real directory is never walked twice (link loops). A link
/// whose resolved target lies outside the scanned root is an entry with a problem (never read) unless
/// <see cref="ScanOptions.FollowLinksOutside"/> says so.
/// </summary>
internal sealed class DirectoryScanner(ScanOptions options, ILogger logger)
{
    private readonly PathFilter _filter = new(options);
    private string _rootReal = string.Empty;

    /// <summary>Hidden files and directories left out so far (final once the scan has been walked to its end).</summary>
    public ScanTally LeftOut { get; } = new();

    /// <exception cref="UsageException">The directory does not exist or cannot be listed (nothing could be scanned).</exception>
    public IEnumerable<ScanEntry> Scan(string root)
    {
        var rootInfo = new DirectoryInfo(root);
        if (!rootInfo.Exists)
        {
            throw new UsageException(File.Exists(root) ? $"{root} is a file; sync-dir takes a directory (use upload for files)." : $"Directory {root} does not exist.");
        }

        var rootReal = RealPath.Of(rootInfo.FullName);
        _rootReal = rootReal;
        var first = List(rootInfo, out var rootProblem);
        if (rootProblem is not null)
        {
            throw new UsageException($"Cannot read directory {root}: {rootProblem}");
        }

        return Walk(rootInfo, rootReal, first);
    }

    private IEnumerable<ScanEntry> Walk(DirectoryInfo rootInfo, string rootReal, List<FileSystemInfo> rootEntries)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { rootReal };
        var pending = new Stack<(DirectoryInfo Directory, string Relative, string Real, List<FileSystemInfo>? Entries)>();
        pending.Push((rootInfo, string.Empty, rootReal, rootEntries));
        while (pending.Count > 0)
        {
            var (directory, relative, real, entries) = pending.Pop();
            string? problem = null;
            entries ??= List(directory, out problem);
            if (problem is not null)
            {
                yield return ScanEntry.Unreadable(directory.FullName, relative + "/", $"cannot list directory: {problem}");
                continue;
            }

            var subdirectories = new List<(DirectoryInfo, string, string, List<FileSystemInfo>?)>();
            foreach (var entry in entries)
            {
                var entryRelative = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (Classify(entry, entryRelative, real, visited, subdirectories) is { } found)
                {
                    yield return found;
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }
    }

    /// <summary>A file entry to yield, or null (a directory queued in <paramref name="subdirectories"/>, or filtered out).</summary>
    private ScanEntry? Classify(FileSystemInfo entry, string relative, string parentReal, HashSet<string> visited, List<(DirectoryInfo, string, string, List<FileSystemInfo>?)> subdirectories)
    {
        try
        {
            var isLink = entry.LinkTarget is not null;
            var isDirectory = isLink ? Directory.Exists(entry.FullName) : entry is DirectoryInfo;
            if (isDirectory)
            {
                return QueueDirectory(new DirectoryInfo(entry.FullName), relative, isLink, parentReal, visited, subdirectories);
            }

            if (!_filter.Accepts(relative))
            {
                if (_filter.LeftOutAsHidden(relative))
                {
                    LeftOut.HiddenFile();
                    logger.LogDebug("left out hidden file {Path}", relative);
                }

                return null;
            }

            // A link's target is judged, stat'ed and identified at its real path (RealPath: resolved as the kernel
            // does); the identity lets the upload check that the file it opens is this one (FileDigest.Open).
            var real = isLink ? RealPath.Of(entry.FullName) : entry.FullName;
            if (isLink && !File.Exists(real))
            {
                return ScanEntry.Unreadable(entry.FullName, relative, $"broken symbolic link (-> {entry.LinkTarget})");
            }

            if (isLink && LeavesTree(entry.FullName, real, relative) is { } leaves)
            {
                return leaves;
            }

            var file = isLink ? new FileInfo(real) : (FileInfo)entry;
            return SpecialFiles.Describe(file) is { } kind
                ? ScanEntry.Unreadable(entry.FullName, relative, $"not a regular file: {kind}")
                : new ScanEntry(entry.FullName, relative, file.Length, file.LastWriteTimeUtc) { Identity = FileIdentity.Of(real) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _filter.Accepts(relative) ? ScanEntry.Unreadable(entry.FullName, relative, e.Message) : null;
        }
    }

    /// <summary>Queues a directory to walk; returns an entry only for a directory link that leaves the tree.</summary>
    private ScanEntry? QueueDirectory(DirectoryInfo directory, string relative, bool isLink, string parentReal, HashSet<string> visited, List<(DirectoryInfo, string, string, List<FileSystemInfo>?)> subdirectories)
    {
        if (!_filter.MayEnter(directory.Name))
        {
            LeftOut.HiddenDirectory();
            logger.LogDebug("left out hidden directory {Path}/", relative);
            return null;
        }

        if (isLink && !options.FollowDirectoryLinks)
        {
            logger.LogInformation("Not following directory link {Path} -> {Target} (use --follow-symlinks)", relative, directory.LinkTarget);
            return null;
        }

        var real = isLink ? RealPath.Of(directory.FullName) : parentReal.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar + directory.Name;
        if (isLink && LeavesTree(directory.FullName, real, relative + "/") is { } leaves)
        {
            return leaves; // a link to / would otherwise walk /proc, /home and every mount
        }

        if (!visited.Add(real))
        {
            logger.LogWarning("Not entering {Path}: it leads to {Real}, which this scan already walks (symbolic link loop or second link)", relative, real);
            return null;
        }

        subdirectories.Add((directory, relative, real, null));
        return null;
    }

    /// <summary>
    /// A problem entry for <paramref name="link"/> when its real target (<paramref name="target"/>: every link of a chain resolved) lies
    /// outside the scanned root and the options do not allow that; null when it may be followed.
    /// </summary>
    private ScanEntry? LeavesTree(string link, string target, string relative)
    {
        if (options.FollowLinksOutside || RealPath.IsWithin(_rootReal, target, includingRoot: true))
        {
            return null;
        }

        return ScanEntry.Unreadable(link, relative, $"link leaves the tree: {relative.TrimEnd('/')} -> {target}; pass --follow-symlinks=outside to follow it");
    }

    private static List<FileSystemInfo> List(DirectoryInfo directory, out string? problem)
    {
        try
        {
            var entries = directory.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 }).ToList();
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            problem = null;
            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return [];
        }
    }
}
