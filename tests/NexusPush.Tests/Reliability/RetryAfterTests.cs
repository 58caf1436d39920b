using System.Net;
using System.Net.Http.Headers;
using NexusPush.Cli;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>Retry-After honoured as seconds and as an HTTP date (the cap and the jitter: Nexus/RetryDelayTests).</summary>
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_503WithRetryAfter_WaitsAsAskedDespiteZeroBackoff(bool asDate)
    {
        using var dir = new TempDir();
        var file = dir.Write("app.bin", "content");
        var clock = new WatchedClock(Now);
        await using var server = await KestrelNexus.StartAsync(clock);
        server.OnUpload(asDate ? FaultAction.Answer(503) with { RetryAfterDateIn = TimeSpan.FromSeconds(2) } : FaultAction.Answer(503, "1"));

        // With --retry-delay 0 the backoff is zero: a wait of a second or more can only be the server's Retry-After.
        var retryWait = clock.NextTimerAsync(due => due >= TimeSpan.FromSeconds(1));
        var run = CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--retry-delay", "0"], timeProvider: clock);
        var wait = await retryWait;

        Assert.Equal(asDate ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(1), wait);
        Assert.Single(server.Uploads); // the retry is held by that wait
        clock.Advance(wait);
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        var uploads = server.Uploads;
        Assert.Equal(2, uploads.Count);
        Assert.Equal(wait, uploads[1].ReceivedAt - uploads[0].ReceivedAt);
    }
}
