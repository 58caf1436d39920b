using Microsoft.Extensions.FileSystemGlobbing;

namespace NexusPush.Planning;

/// <summary>
/// <c>--include</c>/<c>--exclude</c> on the '/'-relative path (Microsoft.Extensions.FileSystemGlobbing syntax:
/// <c>*</c>, <c>?</c>, <c>**</c>; case-sensitive, as Linux paths are). Hidden entries (a segment starting with '.')
/// are left out unless an include pattern names a hidden segment itself, e.g. <c>.well-known/**</c> or
/// <c>**/.htaccess</c>: a tree's <c>.git</c> or <c>.cache</c> must never reach Nexus by accident.
/// </summary>
internal sealed class PathFilter
{
    private readonly Matcher? _include;
    private readonly Matcher? _exclude;
    private readonly Matcher? _hiddenInclude;

    public PathFilter(ScanOptions options)
    {
        _include = Build(options.Include);
        _exclude = Build(options.Exclude);
        _hiddenInclude = Build(options.Include.Where(NamesHiddenSegment).ToList());
    }

    /// <summary>Whether the walk should enter a directory (hidden ones only when an include pattern names a hidden segment).</summary>
    public bool MayEnter(string directoryName) => !IsHidden(directoryName) || _hiddenInclude is not null;

    public bool Accepts(string relativePath)
    {
        if (_exclude is not null && _exclude.Match(relativePath).HasMatches)
        {
            return false;
        }

        if (relativePath.Split('/').Any(IsHidden))
        {
            return _hiddenInclude is not null && _hiddenInclude.Match(relativePath).HasMatches;
        }

        return _include is null || _include.Match(relativePath).HasMatches;
    }

    /// <summary>Whether a path that <see cref="Accepts"/> refused was left out for being hidden (and not by an --exclude).</summary>
    public bool LeftOutAsHidden(string relativePath) =>
        relativePath.Split('/').Any(IsHidden) && !(_exclude is not null && _exclude.Match(relativePath).HasMatches);

    public static bool IsHidden(string name) => name.Length > 1 && name[0] == '.' && name != "..";

    private static bool NamesHiddenSegment(string pattern) => pattern.Split('/').Any(IsHidden);

    private static Matcher? Build(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            matcher.AddInclude(pattern);
        }

        return matcher;
    }
}
