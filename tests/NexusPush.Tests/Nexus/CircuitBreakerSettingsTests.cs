using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// The breaker must be able to open for a run of one file at any <c>--parallel</c>: that run makes 1 + <c>--retries</c>
/// attempts, and a minimum above that would leave a black-holed Nexus to cost every retry's timeout.
/// </summary>
public sealed class CircuitBreakerSettingsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    public void OneFileWithTheDefaultRetries_CanOpenTheBreaker_AtAnyParallel(int parallel)
    {
        var options = new NexusOptions { BaseUrl = new Uri("http://127.0.0.1/"), MaxConnections = parallel };

        var settings = CircuitBreakerSettings.For(options);

        Assert.True(settings.MinimumAttempts <= 1 + options.Retries, $"minimum {settings.MinimumAttempts} attempts, a one-file run makes {1 + options.Retries}");
        Assert.True(settings.Window >= parallel, "the window holds at least one attempt of every worker");
    }
}
