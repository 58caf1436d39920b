using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace NexusPush.Nexus;

/// <summary>
/// Components by name and version, for formats whose stored path cannot be predicted from the file (NuGet): Nexus
/// answers <c>Page&lt;ComponentXO&gt;</c> (<c>name</c>, <c>version</c>, <c>assets[]</c> with <c>path</c> and
/// <c>checksum</c>), paged with <c>continuationToken</c> until it is null, like the asset listing.
/// </summary>
internal sealed partial class NexusClient
{
    /// <summary>The run's clock, for callers that wait between requests (the search index catching up).</summary>
    internal TimeProvider Time => _timeProvider;

    /// <summary>
    /// <c>GET /service/rest/v1/search?repository=R&amp;…</c>: the components the search index matches. One request for a
    /// package, whatever the repository's size; but the index trails uploads (about 2 s on 3.96), and unquoted values
    /// are split into words, so the answer may hold other components: callers filter by name and version themselves.
    /// </summary>
    public IAsyncEnumerable<RemoteComponent> SearchComponentsAsync(string repository, IReadOnlyList<KeyValuePair<string, string>> criteria, CancellationToken cancellationToken)
    {
        var query = string.Concat(criteria.Select(c => "&" + Uri.EscapeDataString(c.Key) + "=" + Uri.EscapeDataString(c.Value)));
        return ComponentPagesAsync("service/rest/v1/search?repository=" + Uri.EscapeDataString(repository) + query, repository, cancellationToken);
    }

    /// <summary>
    /// <c>GET /service/rest/v1/components?repository=R</c>: every component, immediately consistent (it reads the
    /// database, not the search index), one request per 10 or 100 components.
    /// </summary>
    public IAsyncEnumerable<RemoteComponent> ListComponentsAsync(string repository, CancellationToken cancellationToken) =>
        ComponentPagesAsync("service/rest/v1/components?repository=" + Uri.EscapeDataString(repository), repository, cancellationToken);

    private async IAsyncEnumerable<RemoteComponent> ComponentPagesAsync(string firstPage, string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = Context(repository, null, isUpload: false);
        string? continuation = null;
        do
        {
            var uri = continuation is null ? firstPage : firstPage + "&continuationToken=" + Uri.EscapeDataString(continuation);
            var page = await GetJsonAsync(uri, NexusSearchJsonContext.Default.ComponentPage, context, cancellationToken)
                ?? throw new NexusRequestException(NexusFailureKind.Rejected, $"Nexus answered {uri.Split('?')[0]} for repository '{repository}' with an empty document.");
            foreach (var component in page.Items ?? [])
            {
                var assets = (component.Assets ?? [])
                    .Where(a => !string.IsNullOrEmpty(a.Path))
                    .Select(a => new RemoteAsset("/" + a.Path!.TrimStart('/'), Checksum(a, "sha1"), Checksum(a, "sha256"), a.FileSize))
                    .ToList();
                yield return new RemoteComponent(component.Name ?? string.Empty, component.Version ?? string.Empty, assets);
            }

            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null);
    }

    private static string? Checksum(AssetXo asset, string name) =>
        asset.Checksum is not null && asset.Checksum.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}

/// <summary>A stored component as the components listing or the search describes it.</summary>
internal sealed record RemoteComponent(string Name, string Version, IReadOnlyList<RemoteAsset> Assets);

/// <summary>A page of <c>GET /v1/components</c> or <c>GET /v1/search</c>; only the fields nexus-push reads.</summary>
internal sealed record ComponentPage(List<ComponentXo>? Items, string? ContinuationToken);

internal sealed record ComponentXo(string? Name, string? Version, List<AssetXo>? Assets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ComponentPage))]
internal sealed partial class NexusSearchJsonContext : JsonSerializerContext;
