using NexusPush.Formats;

namespace NexusPush.Versions;

/// <summary>The scheme each format's versions follow, keyed by the format (and so by its id in <see cref="FormatFacts"/>).</summary>
internal static class VersionSchemes
{
    public static IVersionScheme Dpkg { get; } = new VersionScheme("dpkg", DpkgVersion.Read);

    public static IVersionScheme Rpm { get; } = new VersionScheme("rpm", RpmVersion.Read);

    public static IVersionScheme Pep440 { get; } = new VersionScheme("PEP 440", Pep440Version.Read);

    public static IVersionScheme SemVer { get; } = new VersionScheme("SemVer 2.0", SemVer2Version.Read);

    public static IVersionScheme NuGet { get; } = new VersionScheme("NuGet", NuGetSemVer.Read);

    public static IReadOnlyList<IVersionScheme> All { get; } = [Dpkg, Rpm, Pep440, SemVer, NuGet];

    /// <summary>
    /// apt: dpkg; yum: rpm; pypi: PEP 440; npm and helm: SemVer 2.0 (Helm's own parser is looser: a chart version
    /// it accepts that is not SemVer 2.0, such as <c>1.2</c>, is not understood); nuget: NuGet; raw: the
    /// <c>{version}</c> folder compared as dpkg compares.
    /// </summary>
    public static IVersionScheme For(ArtifactFormat format) => format switch
    {
        ArtifactFormat.Apt or ArtifactFormat.Raw => Dpkg,
        ArtifactFormat.Yum => Rpm,
        ArtifactFormat.PyPi => Pep440,
        ArtifactFormat.Npm or ArtifactFormat.Helm => SemVer,
        ArtifactFormat.NuGet => NuGet,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The scheme for a Nexus format id (<c>apt</c>, <c>yum</c>, …); null for an id nexus-push does not know.</summary>
    public static IVersionScheme? ForFormatId(string id) => ArtifactFormats.TryParse(id, out var format) ? For(format) : null;
}
