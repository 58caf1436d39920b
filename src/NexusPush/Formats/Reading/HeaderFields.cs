namespace NexusPush.Formats.Reading;

/// <summary>
/// "Key: value" header blocks: a Debian control paragraph, Python core metadata (METADATA, PKG-INFO). Only the
/// first paragraph counts (a METADATA body follows a blank line); continuation lines are skipped; first value wins.
/// </summary>
internal static class HeaderFields
{
    public static Dictionary<string, string> Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line[0] is ' ' or '\t' || colon <= 0)
            {
                continue;
            }

            fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        return fields;
    }

    /// <summary>The non-empty value of <paramref name="key"/>, or a reason naming <paramref name="source"/>.</summary>
    public static string Require(IReadOnlyDictionary<string, string> fields, string key, string source) =>
        fields.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new MalformedPackageException($"{source} has no {key} field");
}
