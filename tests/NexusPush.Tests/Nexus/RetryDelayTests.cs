using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

public sealed class RetryDelayTests
{
    private static readonly NexusOptions Options = new()
    {
        BaseUrl = new Uri("http://nexus/"),
        RetryDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void DelayFor_RetryAfterFromServer_IsHonoured()
    {
        var failure = new NexusRequestException(NexusFailureKind.ServerError, "503", 503, TimeSpan.FromSeconds(12));
        Assert.Equal(TimeSpan.FromSeconds(12), NexusRetryPipeline.DelayFor(0, failure, Options));
    }

    [Fact]
    public void DelayFor_RetryAfterBeyondCap_IsCapped()
    {
        var failure = new NexusRequestException(NexusFailureKind.ServerError, "429", 429, TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromSeconds(30), NexusRetryPipeline.DelayFor(0, failure, Options));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(10, 30)]
    public void DelayFor_NoRetryAfter_IsFullJitterUnderExponentialCeiling(int attempt, double ceilingSeconds)
    {
        var failure = new NexusRequestException(NexusFailureKind.Unreachable, "refused");
        var delays = Enumerable.Range(0, 200).Select(_ => NexusRetryPipeline.DelayFor(attempt, failure, Options).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 0, ceilingSeconds));

        // Full jitter spreads retries of parallel workers: not all the same, not all at the ceiling.
        Assert.True(delays.Distinct().Count() > 100);
        Assert.True(delays.Average() < ceilingSeconds * 0.75);
    }
}
