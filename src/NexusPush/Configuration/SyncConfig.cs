using NexusPush.Formats;

namespace NexusPush.Configuration;

/// <summary>Connection settings a config file may hold; the lowest level of precedence (flag &gt; environment &gt; file).</summary>
/// <param name="Url">Nexus base URL, or null.</param>
/// <param name="Username">User name, or null. Passwords are never read from the file.</param>
/// <param name="Source">The file they came from, for logs ("user ci from nexus-push.json").</param>
internal sealed record ConnectionDefaults(string? Url, string? Username, string Source);

/// <summary>
/// The parsed <c>nexus-push.json</c> (or <c>--config FILE</c>): connection defaults, per-format default repositories
/// and ordered routing rules. Immutable; <see cref="ConfigLoader"/> builds it and rejects anything it does not know.
/// </summary>
internal sealed record SyncConfig
{
    public static SyncConfig Empty { get; } = new();

    /// <summary>Full path of the file, or null when no file was used.</summary>
    public string? SourcePath { get; init; }

    public string? Url { get; init; }

    public string? Username { get; init; }

    public IReadOnlyDictionary<ArtifactFormat, string> Repositories { get; init; } = new Dictionary<ArtifactFormat, string>();

    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];

    /// <summary>The blob stores and repositories <c>nexus-push setup</c> manages; empty when the file has no "setup".</summary>
    public SetupDeclaration Setup { get; init; } = SetupDeclaration.None;

    /// <summary>The file's url/username for the connection resolver (and the <c>check</c> verb); null without a file.</summary>
    public ConnectionDefaults? Connection => SourcePath is null ? null : new ConnectionDefaults(Url, Username, SourcePath);
}
