using NexusPush.LocalFiles;

namespace NexusPush.Reliability;

/// <summary>
/// Where a manifest entry's file really is. The manifest is plain text in a shared folder, so anyone who can write it
/// could name <c>/etc/passwd</c>, <c>../victim/x</c> or a link leading out: an entry counts only when its real path,
/// every link resolved, lies inside the folder's real path.
/// </summary>
internal static class FallbackPaths
{
    public const string OutsideReason = "manifest entry points outside the fallback folder";

    private const int MaxLinks = 40; // as the Linux kernel allows when it resolves a path

    /// <summary>The real path of <paramref name="file"/> inside <paramref name="folder"/>, or null when it is absolute, climbs with "..", or leads out through a link.</summary>
    public static string? Resolve(string folder, string? file)
    {
        if (string.IsNullOrEmpty(file) || file.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(file) || file.StartsWith('/') || file.StartsWith('\\'))
        {
            return null;
        }

        var segments = file.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".."))
        {
            return null;
        }

        try
        {
            var root = RealFolder(folder);
            var real = RealPath(Path.Combine([root, .. segments]));
            return IsInside(root, real) ? real : null;
        }
        catch (IOException)
        {
            return null; // a link loop
        }
    }

    /// <summary>The folder's own real path (it may itself be reached through a link, e.g. /tmp on macOS).</summary>
    public static string RealFolder(string folder) => RealPath(Path.GetFullPath(folder));

    private static bool IsInside(string root, string path)
    {
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(prefix, comparison) && path.Length > prefix.Length;
    }

    /// <summary>
    /// realpath(3) in managed code: walks the path one name at a time, replacing each link by its target and applying
    /// ".." to the real folder reached so far (never to the text), so no link can smuggle the walk outside.
    /// Names that do not exist yet are kept as they are.
    /// </summary>
    private static string RealPath(string absolute)
    {
        var root = Path.GetPathRoot(absolute)!;
        var pending = new Stack<string>();
        PushAll(pending, absolute[root.Length..]);
        var current = root;
        var links = 0;
        while (pending.TryPop(out var name))
        {
            if (name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, name);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"too many links under {absolute}");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(Path.GetFullPath(target))!;
                target = target[Path.GetPathRoot(target)!.Length..];
            }

            PushAll(pending, target);
        }

        return current;
    }

    /// <summary>Pushes the names of <paramref name="path"/> so that the first one is popped first.</summary>
    private static void PushAll(Stack<string> pending, string path)
    {
        var names = Split(path);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            pending.Push(names[i]);
        }
    }

    private static string[] Split(string path) => path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
