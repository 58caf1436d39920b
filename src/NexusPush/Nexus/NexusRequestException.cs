namespace NexusPush.Nexus;

/// <summary>
/// One failed exchange with Nexus, already turned into a sentence the operator can act on. Transient kinds are
/// retried by <see cref="NexusRetryPipeline"/>; the others surface at once.
/// </summary>
internal sealed class NexusRequestException(NexusFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public NexusFailureKind Kind { get; } = kind;

    public int? StatusCode { get; } = statusCode;

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTransient => Kind.IsTransient();

    /// <summary>
    /// The short cause every remaining file of the run shares ("Nexus at HOST unreachable", once the breaker declared
    /// Nexus down), for the item results it becomes; null for one request's own failure.
    /// </summary>
    public string? RunWideCause { get; init; }

    /// <summary>
    /// The error that stops the whole run for this failure, with its exit code: refused credentials or permissions
    /// exit 3; a repository that is missing, not hosted or of the wrong format, and an untrusted certificate, exit 2.
    /// Null for the kinds that are one item's failure (retried, failed, or saved to the fallback folder).
    /// </summary>
    public NexusPushException? RunStoppingError() => Kind switch
    {
        NexusFailureKind.Auth => new NexusAuthException(Message),
        NexusFailureKind.Configuration or NexusFailureKind.Tls => new UsageException(Message, this),
        _ => null,
    };

    /// <summary>
    /// For a request a verb cannot go on without (listing the repositories, an apt repository's distribution): the
    /// run-stopping error of <see cref="RunStoppingError"/>, and exit 2 for every other kind.
    /// </summary>
    public NexusPushException AsRunError() => RunStoppingError() ?? new UsageException(Message, this);
}
