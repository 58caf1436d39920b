using System.Text;
using System.Text.RegularExpressions;

namespace NexusPush.Configuration;

/// <summary>
/// A rule's <c>match</c> glob, compiled once: <c>*</c> (within a segment), <c>?</c>, <c>**</c> (any depth) and named
/// segments <c>{product}</c> that capture one path segment for directory templates. It matches the whole path
/// relative to the synced directory, with '/' separators and case-sensitively (Linux paths are).
/// </summary>
internal sealed partial class PathPattern
{
    private readonly Regex _regex;

    private PathPattern(string text, Regex regex, IReadOnlyList<string> names)
    {
        Text = text;
        _regex = regex;
        Names = names;
    }

    public string Text { get; }

    /// <summary>The named segments, in order of appearance.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <exception cref="FormatException">The pattern is empty, has an unclosed '{' or a repeated or invalid name.</exception>
    public static PathPattern Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("'match' is empty");
        }

        var names = new List<string>();
        var regex = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // "**/" matches zero or more whole directories; a trailing "**" matches everything below.
                var slash = i + 2 < text.Length && text[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i);
                if (end < 0)
                {
                    throw new FormatException($"'match' \"{text}\" has a '{{' without its '}}'");
                }

                var name = text[(i + 1)..end];
                if (!NameSyntax().IsMatch(name) || name is "dir" or "name" || names.Contains(name))
                {
                    throw new FormatException($"'match' \"{text}\" has an invalid or repeated segment name '{{{name}}}' (letters, digits, '_'; not dir or name)");
                }

                names.Add(name);
                regex.Append("(?<").Append(name).Append(">[^/]+)");
                i = end;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        return new PathPattern(text, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture), names);
    }

    /// <summary>The captured named segments when <paramref name="relativePath"/> matches, else null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string relativePath)
    {
        var match = _regex.Match(relativePath);
        if (!match.Success)
        {
            return null;
        }

        var captures = new Dictionary<string, string>(Names.Count, StringComparer.Ordinal);
        foreach (var name in Names)
        {
            captures[name] = match.Groups[name].Value;
        }

        return captures;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NameSyntax();
}
