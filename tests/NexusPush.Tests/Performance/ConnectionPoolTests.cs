using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Performance;

/// <summary>
/// --parallel N bounds both the uploads in flight and the TCP connections (MaxConnectionsPerServer), and the
/// connections are pooled: a run opens N connections, not one per file.
/// </summary>
public sealed class ConnectionPoolTests
{
    private const int Files = 24;

    /// <summary>
    /// A slow Nexus: each upload is answered only once min(N, uploads left) are in flight at the server, then held a
    /// moment longer. A correct client reaches exactly N at once whatever the timing; a client that sent more would
    /// have them arrive during the hold, and the maximum would show it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task SyncDir_SlowServer_NeverMoreThanParallelInFlightOrConnected_AndReusesConnections(int parallel)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await CountingServer.StartAsync(async (self, context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, ct);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (self.InFlight < Math.Min(parallel, Files - self.Uploads) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2, ct);
            }

            await Task.Delay(20, ct);
            context.Response.StatusCode = 204;
        });
        using var tree = SyncRun.Tree(Files);

        var outcome = await CliRun.RunAsync(
            ["sync-dir", tree.Path, "--url", server.Url, "--raw-repository", "raw-h", "--no-preflight", "--no-verify", "--retries", "0", "--parallel", $"{parallel}", "-o", "json"]);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(Files, server.Uploads);
        Assert.All(SyncRun.Items(outcome.Stdout), i => Assert.Equal("uploaded", i.Action));
        Assert.Equal(parallel, server.MaxInFlight);
        Assert.Equal(parallel, server.MaxConnectionsOpen);

        // The asset listing and all 24 uploads went over the same N keep-alive connections.
        Assert.Equal(parallel, server.ConnectionsAccepted);
    }
}
