using System.Text.Json;
using System.Text.Json.Nodes;

namespace NexusPush.ClientConfig;

/// <summary>
/// The values of a repository that end up inside client files, checked wherever they come from (the config file or
/// a Nexus answer, which a proxy or a compromised server can forge): a bad one refuses the repository with one sentence
/// naming the value and its source (exit 2), and no file is written from it (docs/nexus-contract.md §10).
/// </summary>
internal static class ClientRepositoryValues
{
    /// <summary>The deepest repodata a hosted yum repository can have (Nexus's own range for <c>yum.repodataDepth</c>).</summary>
    public const int MaxRepodataDepth = 5;

    /// <summary>
    /// The apt distribution, which becomes the <c>Suites:</c> field of a deb822 file and a word of the one-line form:
    /// printable ASCII without whitespace, so a newline can never start a second (say <c>Trusted: yes</c>) stanza.
    /// </summary>
    /// <exception cref="UsageException">It is not one such word.</exception>
    public static string Distribution(string? value, string repository, string source) =>
        value is { Length: > 0 } && value.All(c => c is > ' ' and < '\u007f')
            ? value
            : throw new UsageException($"The apt distribution '{ControlChars.Escape(value ?? string.Empty)}' of repository '{repository}' from {source} is not a deb822 field value (one word of printable ASCII, no whitespace or control character): nexus-push writes no client files from it.");

    /// <summary>The yum repodata depth as Nexus answered it: an integer from 0 to <see cref="MaxRepodataDepth"/>, else refused; null when absent.</summary>
    /// <exception cref="UsageException">It is not such an integer.</exception>
    public static int? RepodataDepth(JsonNode? node, string repository, string source)
    {
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var depth) && depth is >= 0 and <= MaxRepodataDepth
            ? depth
            : throw new UsageException($"The yum repodata depth {ControlChars.Escape(node.ToJsonString())} of repository '{repository}' from {source} is not an integer from 0 to {MaxRepodataDepth}: nexus-push writes no client files from it.");
    }

    /// <summary>The apt distribution as Nexus answered it (a JSON string), checked by <see cref="Distribution(string?, string, string)"/>; null when absent.</summary>
    /// <exception cref="UsageException">It is not a string, or not a field value.</exception>
    public static string? Distribution(JsonNode? node, string repository, string source) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => Distribution(text, repository, source),
        _ => throw new UsageException($"The apt distribution {ControlChars.Escape(node.ToJsonString())} of repository '{repository}' from {source} is not a string: nexus-push writes no client files from it."),
    };
}
