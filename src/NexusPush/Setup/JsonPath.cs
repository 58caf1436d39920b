using System.Text.Json.Nodes;

namespace NexusPush.Setup;

/// <summary>Dotted paths into a settings document (<c>storage.writePolicy</c>), read and written in place.</summary>
internal static class JsonPath
{
    public static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>Sets the value, creating (or replacing a null with) the objects on the way.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = [];
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }

    /// <summary>A canonical text for comparing two values: null and absent alike, arrays as sorted sets.</summary>
    public static string Canonical(JsonNode? node, Func<string, string> normalize) => node switch
    {
        null => "null",
        JsonArray array => "[" + string.Join(",", array.Select(i => Canonical(i, normalize)).Order(StringComparer.Ordinal)) + "]",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => "\"" + normalize(value.GetValue<string>()) + "\"",
        _ => node.ToJsonString(),
    };

    /// <summary>How a value reads in a plan line: the text, a list, or "(unset)".</summary>
    public static string Display(JsonNode? node) => node switch
    {
        null => "(unset)",
        JsonArray array => "[" + string.Join(", ", array.Select(Display)) + "]",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
