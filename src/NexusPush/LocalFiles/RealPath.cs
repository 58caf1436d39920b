namespace NexusPush.LocalFiles;

/// <summary>
/// The canonical path of a directory with every symbolic link resolved, so the scanner can tell that two paths
/// lead to the same real directory (link loops, two links to one place). .NET has no realpath(3); this resolves
/// component by component, with a bound on link hops like the kernel's ELOOP.
/// </summary>
internal static class RealPath
{
    private const int MaxLinkHops = 40;

    /// <exception cref="IOException">Too many link hops (a cycle of links).</exception>
    public static string Of(string path)
    {
        var hops = 0;
        return Resolve(Path.GetFullPath(path), ref hops);
    }

    private static string Resolve(string fullPath, ref int hops)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"Too many levels of symbolic links at {next}");
            }

            current = Resolve(Path.GetFullPath(target, current), ref hops);
        }

        return current;
    }
}
