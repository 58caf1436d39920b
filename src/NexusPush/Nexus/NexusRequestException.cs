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
}
