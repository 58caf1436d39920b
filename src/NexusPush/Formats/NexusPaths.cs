using System.Text;
using System.Text.RegularExpressions;

namespace NexusPush.Formats;

/// <summary>
/// Where Nexus will store an upload (nexus-contract.md §3), computed before sending, so that existence checks (HEAD),
/// verification and reports can name the path. Components API success returns no path (§2.1).
/// </summary>
internal static partial class NexusPaths
{
    /// <summary>The stored path, starting with '/', or null when Nexus's rule is not public (nuget).</summary>
    public static string? Predict(ArtifactFormat format, PackageInfo? package, string fileName, string? directory)
    {
        switch (format)
        {
            case ArtifactFormat.Raw:
            case ArtifactFormat.Yum:
                return Join(directory, fileName);
            case ArtifactFormat.Apt when package is not null:
                // §3 apt: /pool/<first char>/<Package>/<Package>_<Version>_<Architecture>.deb, no lib* rule, epoch kept.
                return $"/pool/{package.Name[0]}/{package.Name}/{package.Name}_{package.Version}_{package.Architecture}.deb";
            case ArtifactFormat.PyPi when package is not null:
                return $"/packages/{NormalizePyPiName(package.Name)}/{package.Version}/{fileName}";
            case ArtifactFormat.Npm when package is not null:
                var bare = package.Name.StartsWith('@') ? package.Name[(package.Name.IndexOf('/', StringComparison.Ordinal) + 1)..] : package.Name;
                return $"/{package.Name}/-/{bare}-{package.Version}.tgz";
            case ArtifactFormat.Helm when package is not null:
                return $"/{package.Name}-{package.Version}.tgz";
            default:
                return null;
        }
    }

    /// <summary>Raw's rule (§3): <c>directory + "/" + filename</c>, runs of '/' collapsed, leading and trailing '/' stripped, then one leading '/'.</summary>
    public static string Join(string? directory, string fileName)
    {
        var joined = MultipleSlashes().Replace((directory ?? string.Empty).Trim() + "/" + fileName.Trim(), "/").Trim('/');
        return "/" + joined;
    }

    /// <summary>PEP 503: lower case, runs of '-', '_' and '.' become one '-'.</summary>
    public static string NormalizePyPiName(string name) => PyPiSeparators().Replace(name, "-").ToLowerInvariant();

    /// <summary>
    /// Why a directory given by the user (or made by a rule template) cannot be sent to Nexus, or null when it is fine.
    /// Nexus refuses '.' and '..' segments (§2.3); a backslash is no separator to Nexus and would become part of a
    /// file name (§3 raw).
    /// </summary>
    public static string? ProblemWithDirectory(string? directory)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }

        if (directory.Contains('\\', StringComparison.Ordinal))
        {
            return $"'{directory}' contains a backslash; Nexus paths use '/'";
        }

        if (directory.Split('/').Any(segment => segment is "." or ".."))
        {
            return $"'{directory}' contains a '.' or '..' segment, which Nexus refuses";
        }

        if (directory.Any(char.IsControl))
        {
            return $"'{directory}' contains a control character";
        }

        return null;
    }

    /// <summary>Joins relative path segments with '/', whatever the platform's separator.</summary>
    public static string ToForwardSlashes(string relativePath)
    {
        var builder = new StringBuilder(relativePath);
        builder.Replace(Path.DirectorySeparatorChar, '/');
        return builder.ToString();
    }

    [GeneratedRegex("/{2,}")]
    private static partial Regex MultipleSlashes();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex PyPiSeparators();
}
