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
