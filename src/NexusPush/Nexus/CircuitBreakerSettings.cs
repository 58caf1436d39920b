namespace NexusPush.Nexus;

/// <summary>When the breaker opens and how long it waits. <see cref="For"/> derives them from the retry settings.</summary>
internal sealed record CircuitBreakerSettings
{
    /// <value>Recent attempts considered.</value>
    public int Window { get; init; } = 8;

    /// <value>Attempts needed before the ratio means anything.</value>
    public int MinimumAttempts { get; init; } = 4;

    /// <value>Share of failed attempts in the window that opens the circuit.</value>
    public double FailureRatio { get; init; } = 0.75;

    /// <value>Pause before the first probe; doubled after each failed probe.</value>
    public TimeSpan FirstPause { get; init; } = TimeSpan.FromSeconds(4);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>Failed probes after which Nexus is declared down for the run.</value>
    public int MaxProbes { get; init; } = 5;

    /// <summary>Scales with the retry options: pauses start at 4 × <c>--retry-delay</c>, cap at the retry cap, and Nexus is declared down after <c>--retries</c> failed probes (default ≈ 2 minutes).</summary>
    public static CircuitBreakerSettings For(NexusOptions options) => new()
    {
        Window = Math.Max(8, 2 * options.MaxConnections),
        MinimumAttempts = Math.Max(4, options.MaxConnections),
        FirstPause = options.RetryDelay * 4,
        MaxPause = options.MaxRetryDelay,
        MaxProbes = Math.Max(1, options.Retries),
    };
}
