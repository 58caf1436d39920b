using System.Text.Json.Serialization;

namespace NexusPush.Nexus;

/// <summary>A page of <c>GET /service/rest/v1/assets</c> (nexus-api.md §5.1, §5.3); only the fields nexus-push reads.</summary>
internal sealed record AssetPage(List<AssetXo>? Items, string? ContinuationToken);

internal sealed record AssetXo(string? Path, Dictionary<string, string?>? Checksum, long? FileSize);

internal sealed record RepositoryXo(string? Name, string? Format, string? Type, string? Url);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AssetPage))]
[JsonSerializable(typeof(RepositoryXo))]
[JsonSerializable(typeof(List<RepositoryXo>))]
internal sealed partial class NexusJsonContext : JsonSerializerContext;
