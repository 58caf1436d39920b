using System.CommandLine;

namespace NexusPush.Cli;

/// <summary>
/// Where the verb stands on a command line that may open with shared options, as with git and docker
/// (<c>nexus-push -v --url U upload …</c>). Each verb keeps its own options, so one it does not take is still refused
/// by name; the shared ones written before the verb are moved behind it before parsing.
/// </summary>
internal static class VerbPosition
{
    /// <summary>The arguments with the shared options that stand before the verb moved just after it.</summary>
    public static string[] MoveSharedOptionsAfterVerb(string[] args, RootCommand root, GlobalOptions shared)
    {
        var index = FirstWordAfterSharedOptions(args, shared);
        if (index <= 0 || index >= args.Length || !root.Subcommands.Any(verb => verb.Name == args[index]))
        {
            return args;
        }

        return [args[index], .. args[..index], .. args[(index + 1)..]];
    }

    /// <summary>
    /// The one-sentence error for a first word that is no verb (<c>sync</c> → "did you mean sync-dir?"), or null when
    /// the command line's trouble is something else.
    /// </summary>
    public static string? UnknownVerb(string[] args, RootCommand root, GlobalOptions shared)
    {
        var index = FirstWordAfterSharedOptions(args, shared);
        if (index < 0 || index >= args.Length || args[index].StartsWith('-'))
        {
            return null;
        }

        var word = args[index];
        var verbs = root.Subcommands.Where(verb => !verb.Hidden).Select(verb => verb.Name).ToList();
        if (verbs.Contains(word))
        {
            return null;
        }

        var nearest = Nearest(word, verbs);
        return nearest is null
            ? $"'{word}' is not a nexus-push verb; the verbs are {string.Join(", ", verbs[..^1])} and {verbs[^1]}."
            : $"'{word}' is not a nexus-push verb; did you mean {nearest}?";
    }

    /// <summary>The verb <paramref name="word"/> most likely meant: one it begins (or that begins it), else one a typo or two away.</summary>
    internal static string? Nearest(string word, IReadOnlyList<string> verbs)
    {
        var lower = word.ToLowerInvariant();
        var prefixed = verbs.Where(verb => lower.Length >= 2 && (verb.StartsWith(lower, StringComparison.Ordinal) || lower.StartsWith(verb, StringComparison.Ordinal))).ToList();
        if (prefixed.Count == 1)
        {
            return prefixed[0];
        }

        var best = verbs.Select(verb => (Verb: verb, Distance: EditDistance(lower, verb))).OrderBy(pair => pair.Distance).First();
        return best.Distance <= Math.Max(1, best.Verb.Length / 3) ? best.Verb : null;
    }

    /// <summary>Index of the first argument that is neither a shared option nor its value (args.Length when none is).</summary>
    private static int FirstWordAfterSharedOptions(string[] args, GlobalOptions shared)
    {
        var index = 0;
        while (index < args.Length && args[index].StartsWith('-') && args[index] != "--")
        {
            var name = args[index].Split('=', 2)[0];
            var option = shared.All.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
            if (option is null)
            {
                return -1;
            }

            var takesValue = option.ValueType != typeof(bool) && option.Arity.MinimumNumberOfValues > 0;
            index += takesValue && !args[index].Contains('=', StringComparison.Ordinal) ? 2 : 1;
        }

        return index;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
