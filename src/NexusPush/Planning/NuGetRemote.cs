using NexusPush.Formats;
using NexusPush.Formats.NuGet;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// What Nexus holds for a NuGet package. Nexus chooses a .nupkg's stored path itself and does not say which, so
/// nothing can be HEADed: a package is found by its id and version (case-insensitive, as NuGet compares them), in
/// the components Nexus lists. Two sources: the search (one request, but its index trails uploads by about 2 s) and
/// the components listing (immediately consistent, one request per 10 or 100 components of the repository).
/// An existence check asks the search alone: a package it misses is uploaded, and a write-policy refusal of that
/// upload is then settled with the listing alone. A verification needs the truth right after the upload: the search,
/// retried for a few seconds while it catches up, then the listing, so a miss is never a guess.
/// </summary>
internal sealed class NuGetRemote(NexusClient client, IReadOnlyList<TimeSpan>? searchRetryDelays = null)
{
    /// <summary>About 6 s in all: longer than the ~2 s the search index trails an upload, short beside an upload.</summary>
    private static readonly TimeSpan[] DefaultSearchRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];

    private readonly IReadOnlyList<TimeSpan> _searchRetryDelays = searchRetryDelays ?? DefaultSearchRetryDelays;

    /// <summary>A NuGet upload: found by id and version instead of by path.</summary>
    public static bool Applies(PlanItem item) => item.Action == PlanAction.Upload && item.Format == ArtifactFormat.NuGet && item.Repository is not null;

    /// <summary>The id and version, from the plan or, when the plan has none (a replayed copy), from the file itself.</summary>
    public static PackageInfo? PackageOf(PlanItem item) =>
        item.Package ?? (FormatDetector.Detect(item.LocalPath) is { Format: ArtifactFormat.NuGet, Package: { } package } ? package : null);

    /// <summary>How messages name a NuGet package: <c>Acme.Tool 1.2.3 in repository 'nuget-hosted'</c>.</summary>
    public static string Describe(string repository, PackageInfo package) => $"{package.Name} {package.Version} in repository '{repository}'";

    /// <summary>The stored package according to the search, or null when the search does not list it (yet).</summary>
    public async Task<RemoteAsset?> FindAsync(string repository, PackageInfo package, CancellationToken cancellationToken)
    {
        try
        {
            return await SearchAsync(repository, package, cancellationToken);
        }
        catch (NexusRequestException e) when (e.Kind == NexusFailureKind.Rejected)
        {
            // A search Nexus refuses (its query rules) or answers with something else than JSON: the listing still works.
            return await FindInListingAsync(repository, package, cancellationToken);
        }
    }

    /// <summary>The stored package, or null only when the components listing (immediately consistent) does not hold it.</summary>
    public async Task<RemoteAsset?> FindConfirmedAsync(string repository, PackageInfo package, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            RemoteAsset? found;
            try
            {
                found = await SearchAsync(repository, package, cancellationToken);
            }
            catch (NexusRequestException e) when (e.Kind == NexusFailureKind.Rejected)
            {
                break;
            }

            if (found is not null)
            {
                return found;
            }

            if (attempt >= _searchRetryDelays.Count)
            {
                break;
            }

            await Task.Delay(_searchRetryDelays[attempt], client.Time, cancellationToken);
        }

        return await FindInListingAsync(repository, package, cancellationToken);
    }

    private async Task<RemoteAsset?> SearchAsync(string repository, PackageInfo package, CancellationToken cancellationToken)
    {
        KeyValuePair<string, string>[] criteria = [new("nuget.id", package.Name), new("version", NuGetVersion.Normalize(package.Version))];
        await foreach (var component in client.SearchComponentsAsync(repository, criteria, cancellationToken))
        {
            if (Matches(component, package))
            {
                return Pick(component);
            }
        }

        return null;
    }

    /// <summary>The stored package according to the components listing alone: the immediately consistent answer.</summary>
    public async Task<RemoteAsset?> FindInListingAsync(string repository, PackageInfo package, CancellationToken cancellationToken)
    {
        await foreach (var component in client.ListComponentsAsync(repository, cancellationToken))
        {
            if (Matches(component, package))
            {
                return Pick(component);
            }
        }

        return null;
    }

    private static bool Matches(RemoteComponent component, PackageInfo package) =>
        NuGetVersion.SameId(component.Name, package.Name) && NuGetVersion.SameVersion(component.Version, package.Version);

    /// <summary>The component's .nupkg asset; a component listed without assets is held but cannot be compared.</summary>
    private static RemoteAsset Pick(RemoteComponent component) =>
        component.Assets.FirstOrDefault(a => a.Path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        ?? component.Assets.FirstOrDefault(a => a.Sha1 is not null)
        ?? (component.Assets.Count > 0 ? component.Assets[0] : new RemoteAsset("/", null));
}
