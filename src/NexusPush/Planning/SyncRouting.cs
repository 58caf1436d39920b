using NexusPush.Configuration;
using NexusPush.Formats;

namespace NexusPush.Planning;

/// <summary>
/// Where sync-dir sends each kind of file. The config file's rules come first (first match wins); a file no rule
/// names a repository for goes to its format's default repository — the <c>--FORMAT-repository</c> flag, else the
/// config file's <c>repositories</c> entry.
/// </summary>
internal sealed record SyncRouting
{
    public IReadOnlyDictionary<ArtifactFormat, string> Repositories { get; init; } = new Dictionary<ArtifactFormat, string>();

    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];

    /// <summary>The config file the rules come from, for reasons in reports.</summary>
    public string? ConfigSource { get; init; }

    /// <value>raw: prefix put before each file's relative directory. Default none.</value>
    public string? RawDirectory { get; init; }

    /// <value>yum: <c>yum.directory</c> for every rpm not routed by a rule directory. Default: the file's relative directory.</value>
    public string? YumDirectory { get; init; }

    /// <summary>Flags win over the config file's per-format repositories.</summary>
    public static SyncRouting From(SyncConfig config, IReadOnlyDictionary<ArtifactFormat, string> flagRepositories, string? rawDirectory, string? yumDirectory)
    {
        var repositories = new Dictionary<ArtifactFormat, string>(config.Repositories);
        foreach (var (format, repository) in flagRepositories)
        {
            repositories[format] = repository;
        }

        return new SyncRouting { Repositories = repositories, Rules = config.Rules, ConfigSource = config.SourcePath, RawDirectory = rawDirectory, YumDirectory = yumDirectory };
    }

    public (RoutingRule Rule, IReadOnlyDictionary<string, string> Segments)? FirstRule(string relativePath)
    {
        foreach (var rule in Rules)
        {
            if (rule.Match.Match(relativePath) is { } segments)
            {
                return (rule, segments);
            }
        }

        return null;
    }
}
