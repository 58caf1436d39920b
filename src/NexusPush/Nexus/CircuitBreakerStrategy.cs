using Polly;

namespace NexusPush.Nexus;

/// <summary>Puts <see cref="RunCircuitBreaker"/> around every single attempt, inside the retry strategy.</summary>
internal sealed class CircuitBreakerStrategy(RunCircuitBreaker breaker) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        try
        {
            await breaker.BeforeAttemptAsync(context.CancellationToken);
        }
        catch (NexusRequestException e)
        {
            return Outcome.FromException<TResult>(e);
        }

        var started = breaker.Now;
        var outcome = await callback(context, state);
        breaker.Record(outcome.Exception, started);
        return outcome;
    }
}
