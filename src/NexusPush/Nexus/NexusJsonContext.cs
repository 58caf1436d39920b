using System.Text.Json.Serialization;

namespace NexusPush.Nexus;

/// <summary>A page of <c>GET /service/rest/v1/assets</c> (nexus-contract.md §5.1, §5.3); only the fields nexus-push reads.</summary>
internal sealed record AssetPage(List<AssetXo>? Items, string? ContinuationToken);

internal sealed record AssetXo(string? Path, Dictionary<string, string?>? Checksum, long? FileSize);

internal sealed record RepositoryXo(string? Name, string? Format, string? Type, string? Url);

/// <summary>The parts of <c>GET /v1/repositories/{format}/hosted/{name}</c> that --wait-index reads (nexus-contract.md §5.3; admin read needed).</summary>
internal sealed record HostedSettingsXo(AptSettingsXo? Apt, YumSettingsXo? Yum);

internal sealed record AptSettingsXo(string? Distribution);

internal sealed record YumSettingsXo(int? RepodataDepth);

/// <summary><c>GET /v1/system/eula</c> on Community Edition 3.77+ (nexus-contract.md §5.4).</summary>
internal sealed record EulaXo(bool? Accepted);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AssetPage))]
[JsonSerializable(typeof(RepositoryXo))]
[JsonSerializable(typeof(List<RepositoryXo>))]
[JsonSerializable(typeof(HostedSettingsXo))]
[JsonSerializable(typeof(EulaXo))]
internal sealed partial class NexusJsonContext : JsonSerializerContext;
