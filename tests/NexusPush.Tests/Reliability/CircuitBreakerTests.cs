using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Cli;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reliability;

/// <summary>The run-wide breaker pauses every worker when most recent attempts fail, probes /v1/status, resumes or declares Nexus down.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly NexusRequestException Transient = new(NexusFailureKind.ServerError, "503");
    private static readonly NexusRequestException Conflict = new(NexusFailureKind.Conflict, "409");

    private static readonly CircuitBreakerSettings Short = new()
    {
        Window = 8, MinimumAttempts = 4, FailureRatio = 0.75, FirstPause = TimeSpan.FromMilliseconds(1), MaxPause = TimeSpan.FromMilliseconds(4), MaxProbes = 3,
    };

    [Fact]
    public async Task BeforeAttemptAsync_MostRecentAttemptsFailed_WaitsUntilTheStatusProbeSucceeds()
    {
        var probeCalled = new TaskCompletionSource();
        var probeAnswer = new TaskCompletionSource<bool>();
        var breaker = Breaker(_ =>
        {
            probeCalled.TrySetResult();
            return probeAnswer.Task;
        });
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(Transient);
        }

        var waiting = breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask();
        await probeCalled.Task.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        probeAnswer.SetResult(true);
        await waiting.WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, breaker.Openings);
        Assert.False(breaker.IsDown);
    }

    [Fact]
    public void Record_HealthyAnswersAmongFailures_StaysClosed()
    {
        var breaker = Breaker(_ => throw new InvalidOperationException("no probe expected"));
        foreach (var outcome in new Exception?[] { Transient, null, Conflict, Transient, null, Transient, null, null })
        {
            breaker.Record(outcome);
        }

        Assert.True(breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask().IsCompletedSuccessfully);
        Assert.Equal(0, breaker.Openings);
    }

    [Fact]
    public async Task BeforeAttemptAsync_EveryProbeFails_DeclaresNexusDownAndFailsAtOnce()
    {
        var probes = 0;
        var breaker = Breaker(_ =>
        {
            Interlocked.Increment(ref probes);
            return Task.FromResult(false);
        });
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(Transient);
        }

        var error = await Assert.ThrowsAsync<NexusRequestException>(() => breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(NexusFailureKind.Unreachable, error.Kind);
        Assert.Contains("stayed unreachable", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, probes);
        Assert.True(breaker.IsDown);
    }

    [Fact]
    public async Task Upload_SickServerWithFourWorkers_AllPausedWhileProbingThenEveryFileStoredOnce()
    {
        using var dir = new TempDir();
        var files = Enumerable.Range(0, 8).Select(i => dir.Write($"f{i}.bin", $"content {i}")).ToArray();
        await using var server = new FaultServer();
        server.On(r => r.Path != "/service/rest/v1/status", FaultAction.Answer(503), times: 6);
        server.On(r => r.Path == "/service/rest/v1/status", FaultAction.Answer(503), times: 1);

        var run = await CliRun.RunAsync(["upload", .. files, "-r", "raw-hosted", "--url", server.Url, "--parallel", "4", "--retries", "5", "--retry-delay", "0.05", "--no-preflight"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(8, server.Stored.Count);
        Assert.All(server.Writes.Values, n => Assert.Equal(1, n));
        var requests = server.Requests.ToList();
        var firstProbe = requests.FindIndex(r => r.Path == "/service/rest/v1/status");
        var lastProbe = requests.FindLastIndex(r => r.Path == "/service/rest/v1/status");
        Assert.True(firstProbe >= 0, "the breaker probed /service/rest/v1/status");
        Assert.True(lastProbe > firstProbe, "the failed probe was followed by another");
        Assert.All(requests[firstProbe..lastProbe], r => Assert.Equal("/service/rest/v1/status", r.Path));
    }

    [Fact]
    public async Task Upload_NexusDownWithFallback_DeclaredDownEveryFileSavedQuickly()
    {
        using var dir = new TempDir();
        var files = Enumerable.Range(0, 20).Select(i => dir.Write($"f{i}.bin", $"content {i}")).ToArray();
        var fallback = Path.Combine(dir.Path, "fb");

        var run = await CliRun.RunAsync(["upload", .. files, "-r", "raw-hosted", "--url", ClosedPort.Url(), "--retries", "3", "--retry-delay", "0.01", "--fallback-dir", fallback]);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        Assert.Equal(20, Directory.GetFiles(fallback, "*.bin").Length);
        Assert.Contains("stayed unreachable", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("(saved to ", run.Stdout, StringComparison.Ordinal);
    }

    private static RunCircuitBreaker Breaker(Func<CancellationToken, Task<bool>> probe) =>
        new(Short, probe, TimeProvider.System, NullLogger.Instance, "nexus.test");
}
