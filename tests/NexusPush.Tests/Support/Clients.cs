using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Nexus;

namespace NexusPush.Tests.Support;

/// <summary>A real <see cref="NexusClient"/> (IHttpClientFactory, retry pipeline) pointed at a test server.</summary>
internal static class Clients
{
    /// <summary>The client; <paramref name="timeouts"/> sets the stall and response timeouts (10 s), longer for a test that moves a fake clock while requests are in flight.</summary>
    public static NexusClient For(string url, Credentials? credentials = null, int retries = 2, TimeSpan? retryDelay = null, TimeProvider? time = null, TimeSpan? timeouts = null)
    {
        Assert.True(NexusUrl.TryParseBase(url, out var baseUrl, out _));
        var options = new NexusOptions
        {
            BaseUrl = baseUrl,
            Credentials = credentials,
            Retries = retries,
            RetryDelay = retryDelay ?? TimeSpan.Zero, // retries at once; waits are tested on a fake clock (WatchedClock)
            StallTimeout = timeouts ?? TimeSpan.FromSeconds(10),
            ResponseTimeout = timeouts ?? TimeSpan.FromSeconds(10),
        };
        return new NexusClientFactory(options).CreateClient(NullLoggerFactory.Instance, time);
    }
}
