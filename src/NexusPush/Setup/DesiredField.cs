using System.Text.Json.Nodes;

namespace NexusPush.Setup;

/// <summary>
/// One declared setting at its place in the create/update body. <paramref name="Normalize"/> makes equal what Nexus
/// stores differently (enum case, a prefix's slashes); <paramref name="Secret"/> keeps the value out of every output.
/// </summary>
internal sealed record DesiredField(string Path, JsonNode? Value, Func<string, string>? Normalize = null, bool Secret = false)
{
    public static string IgnoreCase(string text) => text.ToUpperInvariant();

    public bool Matches(JsonObject current) =>
        JsonPath.Canonical(JsonPath.Get(current, Path), Normalize ?? (s => s)) == JsonPath.Canonical(Value, Normalize ?? (s => s));
}

/// <summary>A setting that differs: where, what Nexus has and what the declaration wants, as shown in plan lines.</summary>
internal sealed record FieldDifference(string Path, string Current, string Declared)
{
    public override string ToString() => $"{Path} {Current} → {Declared}";
}
