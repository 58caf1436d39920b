using System.Text.Json;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Tarballs;

/// <summary>The package.json of an npm tarball (<c>package/package.json</c>, or <c>&lt;name&gt;/package.json</c> as in @types/*): name (maybe <c>@scope/name</c>) and version (nexus-contract.md §3 npm).</summary>
internal static class NpmManifest
{
    public static PackageInfo Parse(byte[] bytes, string source)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return new PackageInfo(Text(json.RootElement, "name", source), Text(json.RootElement, "version", source));
        }
        catch (JsonException e)
        {
            throw new MalformedPackageException($"{source} is not valid JSON ({e.Message})");
        }
    }

    private static string Text(JsonElement root, string property, string source) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new MalformedPackageException($"{source} has no \"{property}\" string");
}
