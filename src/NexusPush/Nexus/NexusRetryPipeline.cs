using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace NexusPush.Nexus;

/// <summary>
/// The single retry policy for every Nexus request, so no caller retries on its own (nexus-contract.md §2.5):
/// transient failures only (connection errors, timeouts, 408, 429 not caused by failed logins, 5xx), exponential
/// backoff with full jitter, Retry-After honoured up to <see cref="NexusOptions.MaxRetryDelay"/>. 400, 401, 403, 404, 409, 413, 422 are never retried.
/// </summary>
internal static class NexusRetryPipeline
{
    public static ResiliencePipeline Create(NexusOptions options, TimeProvider timeProvider, ILogger logger, RunCircuitBreaker? breaker = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.Retries > 0)
        {
            AddRetry(builder, options, logger, breaker);
        }

        if (breaker is not null)
        {
            // Inside the retry: the breaker sees (and may hold back) every single attempt of every worker. The overload
            // without an options object: the breaker has its own settings, and the one with options validates them by
            // reflection over data annotations, which trimming and Native AOT cannot keep (IL2026).
            builder.AddStrategy(_ => new CircuitBreakerStrategy(breaker));
        }

        return builder.Build();
    }

    private static void AddRetry(ResiliencePipelineBuilder builder, NexusOptions options, ILogger logger, RunCircuitBreaker? breaker) =>
        builder
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,

                // Once the breaker declared Nexus down, retrying only delays the fallback.
                ShouldHandle = new PredicateBuilder().Handle<NexusRequestException>(e => e.IsTransient && breaker?.IsDown != true),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayFor(args.AttemptNumber, args.Outcome.Exception, options)),
                OnRetry = args =>
                {
                    if (RetrySubject.Name is { } file)
                    {
                        logger.LogWarning(
                            "Retry {Attempt}/{Max} of {File} in {Delay:0.0} s: {Reason}",
                            args.AttemptNumber + 1,
                            options.Retries,
                            file,
                            args.RetryDelay.TotalSeconds,
                            args.Outcome.Exception?.Message);
                    }
                    else
                    {
                        logger.LogWarning(
                            "Retry {Attempt}/{Max} in {Delay:0.0} s: {Reason}",
                            args.AttemptNumber + 1,
                            options.Retries,
                            args.RetryDelay.TotalSeconds,
                            args.Outcome.Exception?.Message);
                    }

                    return ValueTask.CompletedTask;
                },
            });

    /// <summary>Full jitter (random in [0, base·2ⁿ]) capped, or the server's Retry-After capped. <paramref name="attempt"/> is 0 for the first retry.</summary>
    internal static TimeSpan DelayFor(int attempt, Exception? failure, NexusOptions options)
    {
        if (failure is NexusRequestException { RetryAfter: { } retryAfter })
        {
            return retryAfter < options.MaxRetryDelay ? retryAfter : options.MaxRetryDelay;
        }

        var ceiling = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, options.MaxRetryDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries of parallel workers; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }
}
