namespace NexusPush.LocalFiles;

/// <summary>
/// realpath(3) in managed code, the tool's one rule for "where does this path really lead" (the scanner's link
/// checks, the fallback folder's manifest entries, replay). .NET has none, and collapsing ".." in the text first
/// (<see cref="Path.GetFullPath(string)"/>) is wrong: for <c>esc.txt -&gt; d/link2/../x.txt</c> with
/// <c>d/link2 -&gt; /srv/outside/deep</c> the text says <c>d/x.txt</c>, but the kernel resolves <c>d/link2</c> first
/// and opens <c>/srv/outside/x.txt</c>. So the walk goes one name at a time, as the kernel does: each link is replaced
/// by its target, and ".." is applied to the real folder reached so far, never to the text.
/// </summary>
internal static class RealPath
{
    private const int MaxLinkHops = 40; // as the Linux kernel allows when it resolves a path (ELOOP)

    /// <summary>
    /// The path with every link resolved and no "." or ".." left. Names that do not exist (yet) are kept as they are,
    /// so a broken link resolves to the name it points at.
    /// </summary>
    /// <exception cref="IOException">Too many link hops (a cycle of links).</exception>
    public static string Of(string path)
    {
        var root = Path.GetPathRoot(Path.GetFullPath(path))!;
        var pending = new Stack<string>();
        PushAll(pending, RawTail(path, root));
        var current = root;
        var hops = 0;
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

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"Too many levels of symbolic links at {next}");
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

    /// <summary>
    /// <paramref name="path"/> is <paramref name="root"/> itself or lies under it (whole names compared: /r/a is under
    /// /r, /rx is not); with <paramref name="includingRoot"/> false, only a path strictly below counts. Both are real
    /// paths (<see cref="Of"/>). Case-insensitive where the usual file systems are (Windows, macOS).
    /// </summary>
    public static bool IsWithin(string root, string path, bool includingRoot)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var trimmed = root.Length > 1 ? root.TrimEnd(Path.DirectorySeparatorChar) : root;
        if (string.Equals(trimmed, path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path, comparison))
        {
            return includingRoot;
        }

        var prefix = Path.EndsInDirectorySeparator(trimmed) ? trimmed : trimmed + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison) && path.Length > prefix.Length;
    }

    /// <summary>
    /// The names after the root as given, "." and ".." kept: <see cref="Path.GetFullPath(string)"/> would collapse
    /// "l/.." textually. A relative path is taken from the current directory, which has no link left in it (getcwd).
    /// </summary>
    private static string RawTail(string path, string root) =>
        Path.IsPathRooted(path)
            ? path[Path.GetPathRoot(path)!.Length..]
            : Path.Join(Directory.GetCurrentDirectory()[root.Length..], path);

    /// <summary>Pushes the names of <paramref name="path"/> so that the first one is popped first.</summary>
    private static void PushAll(Stack<string> pending, string path)
    {
        var names = path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            pending.Push(names[i]);
        }
    }
}
