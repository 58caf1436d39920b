using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// A Nexus that accepts connections and never answers. Reads (status, HEAD, listing, repository) give up after
/// the short read timeout; only an upload whose body is fully sent waits the long --timeout; with the defaults a
/// whole run ends within 3 minutes: every file saved to the fallback folder (exit 5), or failed "Nexus unreachable"
/// (exit 4). Time is a <see cref="FakeTimeProvider"/>: no test waits minutes.
/// </summary>
public sealed class BlackHoleTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("head")]
    [InlineData("listing")]
    [InlineData("repository")]
    [InlineData("status")]
    public async Task Read_NeverAnswered_GivesUpAfterTheReadTimeoutNotTheUploadTimeout(string kind)
    {
        await using var hole = new BlackHoleServer();
        var time = new FakeTimeProvider();
        var client = Client(hole.Url, time);
        var arrived = hole.NextRequestAsync();
        var token = TestContext.Current.CancellationToken;

        Task request = kind switch
        {
            "head" => client.HeadAsync("files", "/a.txt", token),
            "listing" => DrainAsync(client.ListAssetsAsync("files", token)),
            "repository" => client.GetRepositoryAsync("files", token),
            _ => client.ProbeAsync("service/rest/v1/status", token),
        };
        await arrived.WaitAsync(Guard, token);
        time.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<NexusRequestException>(() => request.WaitAsync(Guard, token));
        Assert.Equal(NexusFailureKind.Timeout, error.Kind);
        Assert.Contains("30 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_BodyFullySentButNeverAnswered_WaitsTheLongAnswerTimeout()
    {
        using var temp = new TempDir();
        var path = temp.Write("a.bin", new byte[200_000]);
        await using var hole = new BlackHoleServer();
        var time = new FakeTimeProvider();
        var client = Client(hole.Url, time);
        var sent = new CountingProgress(200_000);
        var token = TestContext.Current.CancellationToken;

        var upload = client.UploadAsync(new UploadRequest("files", path, 200_000, ComponentForm.For(ArtifactFormat.Raw, "a.bin", "/"), "/a.bin"), sent, token);
        await sent.Complete.Task.WaitAsync(Guard, token);

        time.Advance(TimeSpan.FromSeconds(31));
        await Task.Delay(300, token); // a negative check: an attempt cut at the read timeout would have failed by now
        Assert.False(upload.IsCompleted, "an upload whose body is sent waits --timeout, not the read timeout");

        time.Advance(TimeSpan.FromSeconds(300));
        var error = await Assert.ThrowsAsync<NexusRequestException>(() => upload.WaitAsync(Guard, token));
        Assert.Equal(NexusFailureKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Breaker_DefaultsAndProbesThatNeverAnswer_DeclaresNexusDownWithinItsPatience()
    {
        var time = new FakeTimeProvider();
        var options = new NexusOptions { BaseUrl = new Uri("http://nexus.test/") };
        var probes = 0;
        var breaker = new RunCircuitBreaker(
            CircuitBreakerSettings.For(options),
            async cancellationToken =>
            {
                Interlocked.Increment(ref probes);
                await Task.Delay(TimeSpan.FromSeconds(30), time, cancellationToken); // what a probe of a black hole costs: its whole timeout
                return false;
            },
            time,
            NullLogger.Instance,
            "nexus.test");
        var transient = new NexusRequestException(NexusFailureKind.Timeout, "no answer");
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(transient);
        }

        var elapsed = await DriveAsync(time, () => breaker.IsDown, TimeSpan.FromMinutes(15));

        Assert.True(breaker.IsDown);
        Assert.True(elapsed <= TimeSpan.FromSeconds(150), $"declared down after {elapsed.TotalSeconds:0} s");
        Assert.InRange(probes, 1, 5);
    }

    [Fact]
    public void Defaults_BlackHoledNexus_RunBudgetIsAtMostThreeMinutes()
    {
        var options = new NexusOptions { BaseUrl = new Uri("http://nexus.test/") };
        var breaker = CircuitBreakerSettings.For(options);

        // The preflight's /v1/status waits one read window and trips the breaker; its probes end within its patience
        // (the first one always runs); then every file fails at once or goes to the fallback folder.
        var probing = breaker.Patience > breaker.FirstPause + options.ReadWindow ? breaker.Patience : breaker.FirstPause + options.ReadWindow;
        var budget = options.ReadWindow + probing;

        Assert.Equal(TimeSpan.FromSeconds(30), options.ReadWindow);
        Assert.Equal(TimeSpan.FromSeconds(300), options.ResponseTimeout);
        Assert.True(budget <= TimeSpan.FromMinutes(3), $"budget {budget.TotalSeconds} s");
    }

    [Theory]
    [InlineData("sync-dir", true)]
    [InlineData("sync-dir", false)]
    [InlineData("upload", true)]
    [InlineData("upload", false)]
    public async Task Run_BlackHoledNexusWithDefaults_EndsWithinThreeMinutes(string verb, bool fallback)
    {
        using var temp = new TempDir();
        var files = Enumerable.Range(0, verb == "upload" ? 1 : 8).Select(i => temp.Write($"tree/d{i % 2}/f{i}.txt", $"file {i}")).ToArray();
        var fallbackDir = Path.Combine(temp.Path, "fb");
        await using var hole = new BlackHoleServer();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string[] args = verb == "upload"
            ? ["upload", .. files, "-r", "files", "--url", hole.Url, "-o", "json"]
            : ["sync-dir", Path.Combine(temp.Path, "tree"), "--raw-repository", "files", "--url", hole.Url, "-o", "json", "--no-progress"];
        if (fallback)
        {
            args = [.. args, "--fallback-dir", fallbackDir];
        }

        var run = CliRun.RunAsync(args, timeProvider: time);
        var elapsed = await DriveAsync(time, () => run.IsCompleted, TimeSpan.FromMinutes(30));
        var outcome = await run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.True(elapsed <= TimeSpan.FromMinutes(3), $"the run took {elapsed.TotalSeconds:0} s of Nexus silence\n{outcome.Stderr}\n{outcome.Stdout}");
        var items = Sync.SyncRun.Items(outcome.Stdout);
        Assert.Equal(files.Length, items.Count);
        if (fallback)
        {
            Assert.Equal(5, outcome.ExitCode);
            Assert.All(items, i => Assert.Equal("fallback", i.Action));
            Assert.Equal(files.Length, Directory.EnumerateFiles(fallbackDir, "*.txt", SearchOption.AllDirectories).Count());
        }
        else
        {
            Assert.Equal(4, outcome.ExitCode);
            Assert.All(items, i => Assert.Equal("failed", i.Action));
            Assert.All(items, i => Assert.StartsWith("Nexus unreachable", i.Reason, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Upload_BlackHoledNexusWithoutPreflight_EndsWithinThreeMinutes()
    {
        // Without the preflight nothing trips the breaker early: the file's own attempts wait out their read timeouts
        // until the breaker opens, and its patience counts from the first of them.
        using var temp = new TempDir();
        var file = temp.Write("a.txt", "a");
        await using var hole = new BlackHoleServer();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var run = CliRun.RunAsync(["upload", file, "-r", "files", "--url", hole.Url, "--no-preflight", "-o", "json"], timeProvider: time);
        var elapsed = await DriveAsync(time, () => run.IsCompleted, TimeSpan.FromMinutes(30));
        var outcome = await run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.True(elapsed <= TimeSpan.FromMinutes(3), $"the run took {elapsed.TotalSeconds:0} s of Nexus silence\n{outcome.Stderr}");
        Assert.Equal(4, outcome.ExitCode);
        Assert.StartsWith("Nexus unreachable", Assert.Single(Sync.SyncRun.Items(outcome.Stdout)).Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Moves fake time in one-second steps, giving the code under test 20 ms of real time after each, until
    /// <paramref name="done"/> or <paramref name="limit"/>. Lagging continuations only make the measured time longer
    /// (never shorter), so a slow machine cannot make these tests pass falsely; the generous real time per step keeps
    /// a loaded machine (parallel test classes) from adding tens of fake seconds.
    /// </summary>
    private static async Task<TimeSpan> DriveAsync(FakeTimeProvider time, Func<bool> done, TimeSpan limit)
    {
        var start = time.GetUtcNow();
        while (!done() && time.GetUtcNow() - start < limit)
        {
            time.Advance(TimeSpan.FromSeconds(1));

            // A 20 ms pause that took much longer means the thread pool is starved (a loaded machine): let the code
            // under test catch up before fake time moves on, or its timers would start late and the run look longer.
            for (var lagging = true; lagging;)
            {
                var paused = System.Diagnostics.Stopwatch.StartNew();
                await Task.Delay(20, TestContext.Current.CancellationToken);
                lagging = paused.ElapsedMilliseconds > 40;
            }
        }

        return time.GetUtcNow() - start;
    }

    private static NexusClient Client(string url, TimeProvider time)
    {
        Assert.True(NexusUrl.TryParseBase(url, out var baseUrl, out _));
        var options = new NexusOptions { BaseUrl = baseUrl, Retries = 0 };
        return new NexusClientFactory(options).CreateClient(NullLoggerFactory.Instance, time);
    }

    private static async Task DrainAsync(IAsyncEnumerable<RemoteAsset> assets)
    {
        await foreach (var _ in assets)
        {
        }
    }

    /// <summary>Completes once <paramref name="total"/> bytes were reported sent.</summary>
    private sealed class CountingProgress(long total) : IProgress<long>
    {
        private long _sent;

        public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(long value)
        {
            if (Interlocked.Add(ref _sent, value) >= total)
            {
                Complete.TrySetResult();
            }
        }
    }
}
