using System.Net;
using System.Net.Http.Headers;
using NexusPush.Cli;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>Issue 5: Retry-After honoured as seconds and as an HTTP date, capped; backoff with full jitter, capped.</summary>
public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryAfter_Seconds_IsTheDelta()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), NexusClient.RetryAfter(response, Now));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTheTimeUntilThatDate()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(42).ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(42), NexusClient.RetryAfter(response, Now));
    }

    [Fact]
    public void RetryAfter_HttpDateInThePast_IsZero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(-1));

        Assert.Equal(TimeSpan.Zero, NexusClient.RetryAfter(response, Now));
    }

    [Fact]
    public void DelayFor_RetryAfterBeyondCap_IsCapped()
    {
        var options = new NexusOptions { BaseUrl = new Uri("http://h/"), MaxRetryDelay = TimeSpan.FromSeconds(60) };
        var failure = new NexusRequestException(NexusFailureKind.ServerError, "503", 503, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromSeconds(60), NexusRetryPipeline.DelayFor(0, failure, options));
    }

    [Fact]
    public void DelayFor_NoRetryAfter_FullJitterUnderTheExponentialCeilingAndTheCap()
    {
        var options = new NexusOptions { BaseUrl = new Uri("http://h/"), RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(60) };
        var failure = new NexusRequestException(NexusFailureKind.Unreachable, "reset");

        var third = Enumerable.Range(0, 200).Select(_ => NexusRetryPipeline.DelayFor(2, failure, options)).ToList();
        var tenth = Enumerable.Range(0, 200).Select(_ => NexusRetryPipeline.DelayFor(9, failure, options)).ToList();

        Assert.All(third, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(4)));
        Assert.All(tenth, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(60)));
        Assert.True(third.Distinct().Count() > 100, "full jitter spreads the delays");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_503WithRetryAfter_WaitsAsAskedDespiteZeroBackoff(bool asDate)
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", "content");
        await using var server = new FaultServer();
        server.OnUpload(asDate ? FaultAction.Answer(503) with { RetryAfterDateIn = TimeSpan.FromSeconds(2) } : FaultAction.Answer(503, "1"));

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        var uploads = server.Uploads;
        Assert.Equal(2, uploads.Count);

        // An HTTP date has whole seconds, so "now + 2 s" means a wait of more than 1 s.
        Assert.True(uploads[1].ReceivedAt - uploads[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"waited {uploads[1].ReceivedAt - uploads[0].ReceivedAt}");
    }
}
