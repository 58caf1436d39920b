using NexusPush.Formats;
using NexusPush.Formats.NuGet;

namespace NexusPush.Runs;

/// <summary>
/// What names a plan item's target on Nexus, so that two files bound for one target are recognised as such however
/// they are spelled: the repository and the stored path, or — for a package whose path Nexus chooses itself, NuGet —
/// the repository, the format and the package identity under NuGet's rules (id case-insensitive, version
/// normalised: <c>Fuzz.Case 1.0</c> is <c>fuzz.case 1.0.0</c>). The one rule shards and duplicate targets share.
/// </summary>
internal static class TargetIdentity
{
    /// <summary>The identity, or null for an item with no target (unrouted, failed before routing).</summary>
    public static string? Of(PlanItem item) => item switch
    {
        { Repository: { } repository, TargetPath: { } path } => $"{repository}\n{path}",
        { Repository: { } repository, Package: { } package } => $"{repository}\n{item.Format.NexusId()}\n{PackageKey(item.Format, package)}",
        _ => null,
    };

    /// <summary>How the target is named in messages: the stored path, or "as Fuzz.Case 1.0.0".</summary>
    public static string Describe(PlanItem item) =>
        item.TargetPath is { } path ? $"{item.Repository}{path}" : $"{item.Repository} as {item.Package?.Name} {item.Package?.Version}";

    private static string PackageKey(ArtifactFormat format, PackageInfo package) => format == ArtifactFormat.NuGet
        ? NuGetVersion.IdentityKey(package.Name, package.Version)
        : $"{package.Name.ToUpperInvariant()}\n{package.Version.ToUpperInvariant()}";
}
