using System.Text;

namespace NexusPush.Configuration;

/// <summary>
/// A rule's <c>directory</c>: text with placeholders <c>{dir}</c> (the file's directory relative to the synced one),
/// <c>{name}</c> (its file name) and the rule's named segments. Placeholders are checked when the file is loaded,
/// so a typo is a configuration error (exit 2), not a surprise path in Nexus.
/// </summary>
internal sealed class DirectoryTemplate
{
    private static readonly string[] BuiltIn = ["dir", "name"];
    private readonly List<(string Text, bool IsPlaceholder)> _parts;

    private DirectoryTemplate(string text, List<(string, bool)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <exception cref="FormatException">Unclosed '{', a placeholder that is neither dir, name nor one of <paramref name="segmentNames"/>, or literal text that makes every expansion invalid.</exception>
    public static DirectoryTemplate Parse(string text, IReadOnlyList<string> segmentNames)
    {
        var parts = new List<(string, bool)>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('{', position);
            if (open < 0)
            {
                parts.Add((text[position..], false));
                break;
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"'directory' \"{text}\" has a '{{' without its '}}'");
            }

            var name = text[(open + 1)..close];
            if (name is not ("dir" or "name") && !segmentNames.Contains(name))
            {
                var known = string.Join(", ", BuiltIn.Concat(segmentNames).Select(n => "{" + n + "}"));
                throw new FormatException($"'directory' \"{text}\" uses {{{name}}}, which this rule does not define (known: {known})");
            }

            parts.Add((text[position..open], false));
            parts.Add((name, true));
            position = close + 1;
        }

        if (NeverValid(parts) is { } problem)
        {
            throw new FormatException($"'directory' \"{text}\" has {problem}, whatever its placeholders hold, so no file could be uploaded with this rule");
        }

        return new DirectoryTemplate(text, parts);
    }

    /// <summary>
    /// What makes every expansion a path Nexus refuses, or null: the literal text alone decides — a '.' or '..' segment
    /// (Nexus refuses them), a backslash or a control character. Placeholders are stood in for by a plain name, one
    /// value they can take, so "../x/{dir}" is refused while "v.{name}" or "..{p}" are not.
    /// </summary>
    private static string? NeverValid(List<(string Text, bool IsPlaceholder)> parts)
    {
        var sample = string.Concat(parts.Select(p => p.IsPlaceholder ? "x" : p.Text));
        return sample.Contains('\\', StringComparison.Ordinal) ? "a backslash (Nexus paths use '/')"
            : sample.Split('/').Any(segment => segment is "." or "..") ? "a '.' or '..' segment, which Nexus refuses"
            : sample.Any(char.IsControl) ? "a control character"
            : null;
    }

    public string Expand(string relativeDirectory, string fileName, IReadOnlyDictionary<string, string> segments)
    {
        var result = new StringBuilder();
        foreach (var (text, isPlaceholder) in _parts)
        {
            result.Append(!isPlaceholder ? text : text switch
            {
                "dir" => relativeDirectory,
                "name" => fileName,
                _ => segments[text],
            });
        }

        return result.ToString();
    }
}
