namespace NexusPush.Formats;

/// <summary>What nexus-push knows about one format, from one row of <see cref="FormatFacts.All"/>.</summary>
/// <param name="Format">The format.</param>
/// <param name="Id">
/// The id Nexus uses for it: the repository's <c>format</c> and the multipart field prefix (nexus-contract.md §2.1).
/// </param>
/// <param name="ClaimingExtensions">
/// The extensions that name this format and no other (.deb, .rpm, .whl, .nupkg): a file so named whose content does
/// not match is an invalid package, never raw. .tgz, .tar.gz and .zip claim no format — plenty of tarballs and zips
/// are not packages — they make the detector look inside (and a .tgz/.tar.gz must then be a whole gzip tarball,
/// <see cref="ExtensionClaim"/>).
/// </param>
/// <param name="Files">What its files are called in messages and help ("wheels and sdists").</param>
internal sealed record FormatFact(ArtifactFormat Format, string Id, IReadOnlyList<string> ClaimingExtensions, string Files)
{
    /// <summary>The routing flag that names the repository taking these files, e.g. <c>--apt-repository</c>.</summary>
    public string RoutingOption => $"--{Id}-repository";

    /// <summary>Where the config file names that repository, e.g. <c>repositories.apt</c>.</summary>
    public string ConfigKey => $"repositories.{Id}";
}

/// <summary>The table of format facts: ids, the extensions that claim a format, names in messages, routing flags.</summary>
internal static class FormatFacts
{
    /// <summary>One row per <see cref="ArtifactFormat"/>, in its order.</summary>
    public static IReadOnlyList<FormatFact> All { get; } =
    [
        new(ArtifactFormat.Raw, "raw", [], "every other file"),
        new(ArtifactFormat.Apt, "apt", [".deb"], ".deb packages"),
        new(ArtifactFormat.Yum, "yum", [".rpm"], ".rpm packages"),
        new(ArtifactFormat.PyPi, "pypi", [".whl"], "wheels and sdists"),
        new(ArtifactFormat.Npm, "npm", [], "npm tarballs"),
        new(ArtifactFormat.NuGet, "nuget", [".nupkg"], ".nupkg packages"),
        new(ArtifactFormat.Helm, "helm", [], "Helm charts"),
    ];

    public static FormatFact Of(ArtifactFormat format) =>
        (int)format >= 0 && (int)format < All.Count && All[(int)format].Format == format
            ? All[(int)format]
            : throw new ArgumentOutOfRangeException(nameof(format), format, null);

    /// <summary>
    /// The format a file name, or a routing rule's pattern (<c>*.deb</c>), pins down by its extension; null when it
    /// claims none, so files of any format may have it.
    /// </summary>
    public static ArtifactFormat? ClaimedBy(string nameOrPattern)
    {
        foreach (var fact in All)
        {
            if (fact.ClaimingExtensions.Any(e => nameOrPattern.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                return fact.Format;
            }
        }

        return null;
    }
}
