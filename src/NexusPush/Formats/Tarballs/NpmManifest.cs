using System.Text.Json;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Tarballs;

/// <summary><c>package/package.json</c> of an npm tarball: name (maybe <c>@scope/name</c>) and version (nexus-api.md §3 npm).</summary>
internal static class NpmManifest
{
    public static PackageInfo Parse(byte[] bytes)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return new PackageInfo(Text(json.RootElement, "name"), Text(json.RootElement, "version"));
        }
        catch (JsonException e)
        {
            throw new MalformedPackageException($"package/package.json is not valid JSON ({e.Message})");
        }
    }

    private static string Text(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new MalformedPackageException($"package/package.json has no \"{property}\" string");
}
