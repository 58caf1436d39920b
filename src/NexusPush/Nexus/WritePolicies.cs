using System.Collections.Concurrent;

namespace NexusPush.Nexus;

/// <summary>
/// Each hosted repository's write policy (ALLOW, ALLOW_ONCE or DENY) as the preflight read it from the repository's
/// settings, for the run's conflict hints. Reading the settings needs repository-admin rights, so most runs know no
/// policy, and then the hint says "if the repository allows redeploy" instead of guessing.
/// </summary>
internal sealed class WritePolicies
{
    /// <summary>The hint when the policy is unknown (no preflight, or the settings were not readable).</summary>
    internal const string UnknownHint = "; use --on-conflict skip to keep Nexus's copy, or --on-conflict overwrite if the repository allows redeploy";

    /// <summary>Only ALLOW lets Nexus replace a stored file; under ALLOW_ONCE and DENY an overwrite is refused.</summary>
    internal const string AllowHint = "; use --on-conflict overwrite to replace it (the repository allows redeploy), or --on-conflict skip to keep Nexus's copy";

    internal const string NoRedeployHint = "; bump the version, or use --on-conflict skip to keep Nexus's copy (the repository does not allow redeploy)";

    private readonly ConcurrentDictionary<string, string> _policies = new(StringComparer.Ordinal);

    /// <summary>
    /// Set by upload's lean path, whose preflight did not read the policies: the first conflict in a repository reads
    /// its policy then (one request, only when a hint is needed).
    /// </summary>
    public bool ReadOnFirstConflict { get; set; }

    public void Record(string repository, string policy) => _policies[repository] = policy.ToUpperInvariant();

    /// <summary>Whether the policy of <paramref name="repository"/> still has to be read for a conflict's hint.</summary>
    public bool ShouldRead(string? repository) => ReadOnFirstConflict && repository is not null && !Knows(repository);

    /// <summary>Whether this run already read (or failed to read) the policy of <paramref name="repository"/>.</summary>
    public bool Knows(string repository) => _policies.ContainsKey(repository);

    /// <summary>Records that the policy could not be read, so a run reads it at most once per repository.</summary>
    public void RecordUnknown(string repository) => _policies.TryAdd(repository, "UNKNOWN");

    /// <summary>What to append to "… already holds different content" for a file in <paramref name="repository"/>.</summary>
    public string ConflictHint(string? repository) =>
        (repository is null ? null : _policies.GetValueOrDefault(repository)) switch
        {
            "ALLOW" => AllowHint,
            "ALLOW_ONCE" or "DENY" => NoRedeployHint,
            _ => UnknownHint,
        };
}
