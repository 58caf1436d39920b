namespace NexusPush.Nexus;

/// <summary>When the breaker opens and how long it waits. <see cref="For"/> derives them from the retry settings.</summary>
internal sealed record CircuitBreakerSettings
{
    /// <value>Recent attempts considered.</value>
    public int Window { get; init; } = 8;

    /// <value>
    /// Attempts needed before the ratio means anything. It does not grow with <c>--parallel</c>: a run of one file
    /// makes 1 + <c>--retries</c> attempts, and a minimum above that would never let the breaker open for it (a
    /// black-holed Nexus would then cost every retry's timeout instead of the breaker's patience).
    /// </value>
    public int MinimumAttempts { get; init; } = 4;

    /// <value>Share of failed attempts in the window that opens the circuit.</value>
    public double FailureRatio { get; init; } = 0.75;

    /// <value>Pause before the first probe; doubled after each failed probe.</value>
    public TimeSpan FirstPause { get; init; } = TimeSpan.FromSeconds(4);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>Failed probes after which Nexus is declared down for the run.</value>
    public int MaxProbes { get; init; } = 5;

    /// <value>
    /// How long the breaker waits for Nexus to answer again, probes included, from the moment it opened. A probe that
    /// waits out its timeout (a Nexus that accepts connections and never answers) counts against it too, so a run
    /// against a black-holed Nexus ends in minutes instead of waiting every timeout of every probe.
    /// </value>
    public TimeSpan Patience { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Scales with the retry options: pauses start at 4 × <c>--retry-delay</c>, cap at the retry cap, and Nexus is
    /// declared down after <c>--retries</c> failed probes, or when the pauses those probes would take (default
    /// 4 + 8 + 16 + 32 + 60 s = 2 minutes) have passed, whichever comes first.
    /// </summary>
    public static CircuitBreakerSettings For(NexusOptions options)
    {
        var firstPause = options.RetryDelay * 4;
        var probes = Math.Max(1, options.Retries);
        var patience = TimeSpan.Zero;
        var pause = firstPause;
        for (var i = 0; i < probes; i++)
        {
            patience += pause;
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, options.MaxRetryDelay.Ticks));
        }

        return new()
        {
            Window = Math.Max(8, 2 * options.MaxConnections),
            FirstPause = firstPause,
            MaxPause = options.MaxRetryDelay,
            MaxProbes = probes,
            Patience = patience,
        };
    }
}
