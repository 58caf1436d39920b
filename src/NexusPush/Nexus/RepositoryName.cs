using System.Text.RegularExpressions;

namespace NexusPush.Nexus;

/// <summary>
/// The repository names Nexus itself accepts (docs/nexus-contract.md §9.2): a letter, digit or '-', then letters,
/// digits, '_', '-' and '.'. A name outside that cannot exist in Nexus, so wherever one comes from — the command line,
/// the config file, or a Nexus answer (which a proxy or a compromised server can forge) — it is refused before it
/// reaches a file name, a URL, a config section or a request body. This rule also makes every valid name one safe
/// path component: no '/', no NUL, not "." or "..", no whitespace or control character.
/// </summary>
internal static partial class RepositoryName
{
    /// <summary>Whether Nexus could hold a repository of this name.</summary>
    public static bool IsValid(string? name) => name is not null && Rule().IsMatch(name);

    /// <summary>
    /// One sentence saying why <paramref name="name"/> is refused, naming it (escaped as <c>ls -b</c> does) and
    /// <paramref name="source"/> ("the config file line 12", "Nexus's repository list"); null when it is valid.
    /// </summary>
    public static string? Problem(string? name, string source) =>
        IsValid(name)
            ? null
            : $"'{ControlChars.Escape(name ?? string.Empty)}' from {source} is not a Nexus repository name (Nexus allows letters, digits, '-', and after the first character '_' and '.'): nexus-push uses no such name.";

    /// <summary>Throws the <see cref="Problem"/> sentence as a usage error (exit 2) when <paramref name="name"/> is invalid.</summary>
    /// <exception cref="UsageException">The name cannot be a Nexus repository's.</exception>
    public static string Checked(string? name, string source) =>
        Problem(name, source) is { } problem ? throw new UsageException(problem) : name!;

    [GeneratedRegex(@"\A[a-zA-Z0-9\-][a-zA-Z0-9_\-\.]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
