namespace NexusPush;

/// <summary>Every exit code nexus-push returns; README's table mirrors this class and nothing else defines one.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was uploaded, skipped as identical, or (dry run) planned.</summary>
    public const int Success = 0;

    /// <summary>A bug: an exception nobody anticipated. The stack trace is printed only with -v.</summary>
    public const int InternalError = 1;

    /// <summary>Bad arguments or configuration: missing file, bad URL, unknown or non-hosted repository, invalid package.</summary>
    public const int Usage = 2;

    /// <summary>Nexus refused the credentials or the permissions (401, 403, 400 "Not authorized for requested path").</summary>
    public const int AuthRefused = 3;

    /// <summary>At least one item failed after retries; the report lists each one and why.</summary>
    public const int ItemsFailed = 4;

    /// <summary>Nexus stayed unreachable and at least one file was saved to the fallback folder instead; nothing else failed.</summary>
    public const int SavedToFallback = 5;

    /// <summary>Stopped at <c>--max-requests</c>: the files left are deferred; run the same command again to continue.</summary>
    public const int Deferred = 6;

    /// <summary>Interrupted by Ctrl-C or SIGTERM.</summary>
    public const int Cancelled = 130;
}
