namespace NexusPush.LocalFiles;

/// <summary>
/// The one rule every output of a run (--report, --plan-out, --journal) obeys before anything is written or removed:
/// it is not one of the run's inputs (a file to upload, the config file), not inside a tree the run scans (sync-dir's
/// DIR, replay's fallback folder), and not another output. Files are compared by device and inode and trees by
/// walking up the output's folders with "..", as the kernel resolves them, so no spelling, link or bind mount hides
/// a match; a string comparison would.
/// </summary>
internal static class OutputPaths
{
    /// <param name="Option">How the command line named it, e.g. "--report".</param>
    /// <param name="Path">The path as given.</param>
    public readonly record struct Output(string Option, string Path);

    /// <summary>Refuses the first output that would destroy an input or another output.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="inputs">The paths the run reads: files, and folders whose whole tree it scans.</param>
    /// <exception cref="UsageException">An output names an input, lies inside a scanned tree, or names another output (exit 2).</exception>
    public static void Check(IReadOnlyList<Output> outputs, IEnumerable<string> inputs)
    {
        var files = new List<(string Path, FileIdentity Identity)>();
        var trees = new List<(string Path, FileIdentity Identity)>();
        foreach (var input in inputs)
        {
            if (Identity(input) is not { } identity)
            {
                continue; // not there: the verb says so in its own words
            }

            (Directory.Exists(input) ? trees : files).Add((input, identity));
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            var (option, path) = outputs[i];
            var full = System.IO.Path.GetFullPath(path);
            var identity = Identity(full);
            if (identity is { } own && files.FirstOrDefault(f => Same(f.Identity, own)) is { Path: { } input })
            {
                throw new UsageException($"{option} {full} is also an input of this run ({input}); writing it would destroy the input: choose another path.");
            }

            if (trees.FirstOrDefault(t => Inside(full, t.Identity)) is { Path: { } tree })
            {
                throw new UsageException($"{option} {full} is inside {tree}, which this run scans; the run would read its own output or replace a file it reads: choose a path outside it.");
            }

            for (var j = 0; j < i; j++)
            {
                if (SamePath(outputs[j].Path, full))
                {
                    throw new UsageException($"{option} and {outputs[j].Option} both name {full}; each output needs a file of its own.");
                }
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> (not yet there, or a file) lies below the folder <paramref name="tree"/>: its folders up to the root, each as the kernel finds it.</summary>
    private static bool Inside(string path, FileIdentity tree)
    {
        if (Identity(path) is { } own && Same(own, tree))
        {
            return true;
        }

        // A link at the path is followed: what it names is what a write through it would change.
        string? resolved;
        try
        {
            resolved = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            resolved = null; // a link loop: writing through it fails on its own
        }

        foreach (var start in resolved is null ? [path] : new[] { path, resolved })
        {
            var folder = System.IO.Path.GetDirectoryName(start);
            for (var depth = 0; folder is not null && depth < 4096 && Identity(folder) is { } current; depth++)
            {
                if (Same(current, tree))
                {
                    return true;
                }

                var parent = System.IO.Path.Join(folder, "..");
                if (Identity(parent) is not { } up || Same(up, current))
                {
                    break; // the root
                }

                folder = parent;
            }
        }

        return false;
    }

    private static bool SamePath(string other, string full)
    {
        var otherFull = System.IO.Path.GetFullPath(other);
        if (Identity(otherFull) is { } a && Identity(full) is { } b)
        {
            return Same(a, b);
        }

        return string.Equals(otherFull, full, StringComparison.Ordinal)
            || (System.IO.Path.GetFileName(otherFull) == System.IO.Path.GetFileName(full)
                && Identity(System.IO.Path.GetDirectoryName(otherFull)!) is { } folderA && Identity(System.IO.Path.GetDirectoryName(full)!) is { } folderB && Same(folderA, folderB));
    }

    /// <summary>Device and inode both known and equal: an unknown side never counts as a match here (a refusal needs proof).</summary>
    private static bool Same(FileIdentity a, FileIdentity b) => a.Inode != 0 && b.Inode != 0 && a.Inode == b.Inode && a.Device == b.Device;

    private static FileIdentity? Identity(string path)
    {
        try
        {
            return FileIdentity.Of(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
