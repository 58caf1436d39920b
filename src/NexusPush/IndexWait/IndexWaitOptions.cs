namespace NexusPush.IndexWait;

/// <summary>How long and how often --wait-index looks at the published indexes.</summary>
internal sealed record IndexWaitOptions
{
    /// <value>Give up on a package after this long (from the start of the wait). Default 300 s.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <value>Pause between two reads of an index. Default 2 s: Nexus rebuilds yum metadata a few seconds after an upload.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <value>apt distribution per repository name (from --apt-distribution or the repository settings).</value>
    public IReadOnlyDictionary<string, string> AptDistributions { get; init; } = new Dictionary<string, string>();
}
