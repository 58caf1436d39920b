namespace NexusPush.Planning;

/// <summary>What to walk and what to keep.</summary>
internal sealed record ScanOptions
{
    /// <value>Globs on the '/'-relative path; a file must match one when any is given. Empty by default.</value>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <value>Globs on the '/'-relative path; a matching file is left out. Empty by default.</value>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <value>Descend into symbolic links to directories (each real directory is still walked once). Default false.</value>
    public bool FollowDirectoryLinks { get; init; }

    /// <value>
    /// Follow links whose target lies outside the scanned directory. Default false: such a link is reported as a
    /// problem and never read, so a link planted in a shared tree cannot carry out a file the account can read
    /// (rsync's --safe-links ignores them; this names them).
    /// </value>
    public bool FollowLinksOutside { get; init; }
}
