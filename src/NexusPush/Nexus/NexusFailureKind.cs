namespace NexusPush.Nexus;

/// <summary>What went wrong talking to Nexus, in terms of what the operator (or the retry loop) can do about it.</summary>
internal enum NexusFailureKind
{
    /// <summary>Nexus could not be reached (refused, reset, DNS) — retried; fallback-worthy when it persists.</summary>
    Unreachable,

    /// <summary>No bytes moved or no answer came in time — retried; fallback-worthy when it persists.</summary>
    Timeout,

    /// <summary>5xx, 408 or a non-auth 429 — retried; fallback-worthy when it persists.</summary>
    ServerError,

    /// <summary>401, 403, 429 after failed logins, 400 "Not authorized for requested path" — stops the run, exit 3.</summary>
    Auth,

    /// <summary>The repository does not exist, is not hosted, or cannot take this format — stops the run, exit 2.</summary>
    Configuration,

    /// <summary>TLS certificate not trusted, name mismatch or expired — stops the run, exit 2.</summary>
    Tls,

    /// <summary>The path is taken and the write policy forbids replacing it (ALLOW_ONCE / DENY, 409).</summary>
    Conflict,

    /// <summary>Nexus rejected the upload's content (400 validation, 413, 422, format parse errors).</summary>
    Rejected,

    /// <summary>The Community Edition EULA is not accepted.</summary>
    License,

    /// <summary>
    /// The Community Edition usage limit: Nexus refuses new components (402/403/409 "PAYMENT REQUIRED"). Not a
    /// credentials problem; never retried, as every request counts against the limit; it stops new uploads.
    /// </summary>
    UsageLimit,
}

internal static class NexusFailureKinds
{
    public static bool IsTransient(this NexusFailureKind kind) =>
        kind is NexusFailureKind.Unreachable or NexusFailureKind.Timeout or NexusFailureKind.ServerError;

}
