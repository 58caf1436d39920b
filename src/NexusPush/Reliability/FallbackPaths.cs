using NexusPush.LocalFiles;

namespace NexusPush.Reliability;

/// <summary>
/// Where a manifest entry's file really is. The manifest is plain text in a shared folder, so anyone who can write it
/// could name <c>/etc/passwd</c>, <c>../victim/x</c> or a link leading out: an entry counts only when its real path,
/// every link resolved (<see cref="RealPath"/>, the scanner's rule too), lies inside the folder's real path.
/// </summary>
internal static class FallbackPaths
{
    public const string OutsideReason = "manifest entry points outside the fallback folder";

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
            var real = RealPath.Of(Path.Combine([root, .. segments]));
            return RealPath.IsWithin(root, real, includingRoot: false) ? real : null;
        }
        catch (IOException)
        {
            return null; // a link loop
        }
    }

    /// <summary>The folder's own real path (it may itself be reached through a link, e.g. /tmp on macOS).</summary>
    public static string RealFolder(string folder) => RealPath.Of(folder);
}
