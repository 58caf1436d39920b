using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Performance;

/// <summary>
/// Comparing the plan with Nexus (a dry run's HEADs, hashing files Nexus holds) runs --parallel N at a time,
/// not one file after another, and the plan still comes out in order.
/// </summary>
public sealed class ParallelComparisonTests
{
    private const int Files = 9;

    [Fact]
    public async Task DryRun_HeadsRunParallelAtOnce_ReportKeepsPlanOrder()
    {
        const int parallel = 3;
        var ct = TestContext.Current.CancellationToken;
        var answered = 0;
        await using var server = await CountingServer.StartAsync(async (self, context) =>
        {
            // Answer once min(N, HEADs left) are waiting: a client that HEADs one at a time never gets there and
            // each HEAD waits out the deadline instead (the test then fails on MaxInFlight, not on a timeout).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (self.InFlight < Math.Min(parallel, Files - Volatile.Read(ref answered)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2, ct);
            }

            Interlocked.Increment(ref answered);
            context.Response.StatusCode = 404;
        });
        using var tree = SyncRun.Tree(Files);

        var outcome = await CliRun.RunAsync(
            ["sync-dir", tree.Path, "--url", server.Url, "--raw-repository", "raw-h", "--no-preflight", "--dry-run", "--parallel", $"{parallel}", "-o", "json"]);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(parallel, server.MaxInFlight);
        Assert.Equal(0, server.Uploads);
        var files = SyncRun.Items(outcome.Stdout).Select(i => i.File).ToList();
        Assert.Equal(Files, files.Count);
        Assert.Equal(files.Order(StringComparer.Ordinal), files);
    }
}
