namespace NexusPush.IndexWait;

/// <summary>Whether an index entry is the uploaded package: by name, version and architecture, or by its stored path.</summary>
internal static class IndexMatch
{
    public static bool Apt(DebianIndexEntry entry, IndexWaitTarget target)
    {
        if (target.TargetPath is { } path && entry.Filename is { } filename && string.Equals(filename.TrimStart('/'), path.TrimStart('/'), StringComparison.Ordinal))
        {
            return true;
        }

        var package = target.Package;
        return entry.Package == package.Name
            && entry.Version == package.Version
            && (package.Architecture is null || entry.Architecture == package.Architecture);
    }

    public static bool Yum(YumIndexEntry entry, IndexWaitTarget target, string baseDir)
    {
        if (target.TargetPath is { } path && entry.Href is { } href && string.Equals(baseDir + "/" + href.TrimStart('/'), path, StringComparison.Ordinal))
        {
            return true;
        }

        var package = target.Package;
        var colon = package.Version.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon > 0 ? package.Version[..colon] : null;
        var version = colon > 0 ? package.Version[(colon + 1)..] : package.Version;
        return entry.Name == package.Name
            && entry.Version == version
            && (epoch is null || entry.Epoch == epoch)
            && (package.Release is null || entry.Release == package.Release)
            && (package.Architecture is null || entry.Arch == package.Architecture);
    }

    /// <summary>"/a/b/x.rpm" → "/a/b", "/a", "" (the repository root): where a repodata/ folder may be.</summary>
    public static IEnumerable<string> YumBases(string? targetPath)
    {
        var segments = (targetPath ?? string.Empty).Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var depth = segments.Length - 1; depth >= 0; depth--)
        {
            yield return depth == 0 ? string.Empty : "/" + string.Join('/', segments[..depth]);
        }
    }
}
