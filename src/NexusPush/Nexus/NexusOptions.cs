namespace NexusPush.Nexus;

/// <summary>How to reach Nexus and how hard to try. Built once from flags, environment and config file.</summary>
internal sealed record NexusOptions
{
    /// <summary>Base URL ending in '/', without credentials.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Null means anonymous.</summary>
    public Credentials? Credentials { get; init; }

    /// <value>Retries after the first attempt. Default 5.</value>
    public int Retries { get; init; } = 5;

    /// <value>Base of the exponential backoff. Default 1 s; the delay before retry n is random in [0, base·2ⁿ⁻¹], capped by <see cref="MaxRetryDelay"/>.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <value>Longest wait between attempts, also the cap on a server's Retry-After. Default 60 s.</value>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>An upload attempt fails when no body bytes move for this long. Default 60 s. A slow but moving upload is never cut off.</value>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>How long to wait for Nexus's answer once an upload's body is sent (Nexus may rebuild apt metadata first). Default 300 s.</value>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <value>
    /// How long a request without an upload body (status, HEAD, listing, repository read) waits for Nexus's answer.
    /// Default 30 s, Jetty's idle timeout: Nexus answers these at once, so silence that long means it will not answer.
    /// Never longer than <see cref="ResponseTimeout"/>; see <see cref="ReadWindow"/>.
    /// </value>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait for the answer to a read: <see cref="ReadTimeout"/>, capped by <c>--timeout</c>. Only an upload whose body is fully sent waits <see cref="ResponseTimeout"/>.</summary>
    public TimeSpan ReadWindow => ReadTimeout < ResponseTimeout ? ReadTimeout : ResponseTimeout;

    /// <value>Connections kept to Nexus; matches --parallel. Default 8.</value>
    public int MaxConnections { get; init; } = 8;

    /// <value>Certificate checking: system store by default, plus <c>--ca-file</c>, or none with <c>--insecure</c>.</value>
    public TlsSettings Tls { get; init; } = new();
}
