using System.Text.Json;
using System.Text.Json.Nodes;

namespace NexusPush.Setup;

/// <summary>
/// Checks that a GET answer is the settings of the object asked for before setup builds a write from it: a proxy or a
/// broken Nexus answering <c>{}</c> would otherwise become a PUT that resets every setting the declaration does not
/// name. The fields checked are the object's identity and what a create requires (docs/nexus-contract.md §9.1).
/// </summary>
internal sealed class SettingsAnswer(JsonObject read)
{
    private readonly List<string> _wrong = [];
    private readonly List<string> _missing = [];

    /// <summary>A string that must equal <paramref name="expected"/> (a name, a format, a type).</summary>
    public SettingsAnswer Is(string path, string expected)
    {
        if (Text(path) is not { } text)
        {
            _missing.Add(path);
        }
        else if (!string.Equals(text, expected, StringComparison.Ordinal))
        {
            _wrong.Add($"{path} '{ControlChars.Escape(text)}' (not {expected})");
        }

        return this;
    }

    public SettingsAnswer String(string path) => Require(path, Text(path) is { Length: > 0 });

    public SettingsAnswer Bool(string path) => Require(path, JsonPath.Get(read, path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False);

    public SettingsAnswer Number(string path) => Require(path, JsonPath.Get(read, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number);

    /// <exception cref="UsageException">The answer lacks a field or names another object (exit 2, as for anything that is not Nexus).</exception>
    public void ThrowIfUnusable(string uri, string what)
    {
        if (_wrong.Count == 0 && _missing.Count == 0)
        {
            return;
        }

        var details = _missing.Count == 0 ? _wrong : [.. _wrong, "lacks " + string.Join(", ", _missing)];
        throw new UsageException($"The answer to GET {uri} is not the settings of {what}: {string.Join("; ", details)}; is a proxy in the way, or is this not Nexus (check --url)? setup writes nothing based on it.");
    }

    private string? Text(string path) =>
        JsonPath.Get(read, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private SettingsAnswer Require(string path, bool present)
    {
        if (!present)
        {
            _missing.Add(path);
        }

        return this;
    }
}
