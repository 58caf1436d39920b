using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Operations;

/// <summary>
/// Never silent: while every worker waits for the circuit breaker, a line at least every 15 s says what the run
/// waits for, so a person sees it and a CI watchdog that ends silent steps does not.
/// </summary>
public sealed class OutageHeartbeatTests
{
    private static readonly NexusRequestException Transient = new(NexusFailureKind.Unreachable, "connection refused");

    private static readonly CircuitBreakerSettings Settings = new()
    {
        Window = 8, MinimumAttempts = 4, FailureRatio = 0.75, FirstPause = TimeSpan.FromSeconds(4), MaxPause = TimeSpan.FromSeconds(60), MaxProbes = 5, Patience = TimeSpan.FromMinutes(2),
    };

    [Fact]
    public async Task PausedOutage_FakeTimeAdvances_AHeartbeatLineAtLeastEvery15Seconds()
    {
        var time = new FakeTimeProvider();
        var log = new RecordingLogger(time);
        var breaker = new RunCircuitBreaker(Settings, _ => Task.FromResult(false), time, log, "nexus.test");
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(Transient);
        }

        var opened = time.GetUtcNow();
        var waiting = breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask();

        // Probes at 4, 12, 28 and 60 s; the fifth would come at 120 s, so at 100 s the run is still paused.
        for (var second = 0; second < 100; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Assert.False(waiting.IsCompleted);
        var beats = log.Lines.Where(l => l.Text.Contains("status check", StringComparison.Ordinal)).ToList();
        var previous = opened;
        foreach (var beat in beats)
        {
            Assert.True(beat.At - previous <= TimeSpan.FromSeconds(15), $"{beat.At - previous} without a line before '{beat.Text}'");
            Assert.Equal(LogLevel.Warning, beat.Level);
            Assert.Contains("of 5", beat.Text, StringComparison.Ordinal);
            Assert.Contains("1 request waiting", beat.Text, StringComparison.Ordinal);
            Assert.Contains("giving up in", beat.Text, StringComparison.Ordinal);
            previous = beat.At;
        }

        Assert.True(time.GetUtcNow() - previous <= TimeSpan.FromSeconds(15), "the last heartbeat is at most 15 s old");
        Assert.True(beats.Count >= 6, $"{beats.Count} heartbeat lines in 100 s");
    }

    [Fact]
    public async Task NexusAnswersAgain_NoMoreHeartbeats()
    {
        var time = new FakeTimeProvider();
        var log = new RecordingLogger(time);
        var breaker = new RunCircuitBreaker(Settings, _ => Task.FromResult(true), time, log, "nexus.test");
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(Transient);
        }

        var waiting = breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask();
        while (!waiting.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(waiting, Task.Delay(10, TestContext.Current.CancellationToken));
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var before = log.Lines.Count;
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(before, log.Lines.Count);
    }

    /// <summary>
    /// A mistyped port: every request is refused at once, and the run would wait out the breaker's patience. The
    /// opening line and every heartbeat say so, and that `check` tells at once. The refusal is real (a real client, a
    /// closed loopback port); the breaker has the default patience and a status check that never answers, so nothing
    /// but the fake clock decides when lines come (a real status check raced the test's clock before).
    /// </summary>
    [Fact]
    public async Task ConnectionRefused_TheWaitingLinesSayByWhomAndPointToCheck()
    {
        var url = ClosedPort.Url();
        var endpoint = new Uri(url).Authority;
        Assert.True(NexusUrl.TryParseBase(url, out var baseUrl, out _));
        var options = new NexusOptions { BaseUrl = baseUrl, Retries = 0, RetryDelay = TimeSpan.Zero, StallTimeout = TimeSpan.FromSeconds(10), ResponseTimeout = TimeSpan.FromSeconds(10) };
        var client = new NexusClientFactory(options).CreateClient(new OneLoggerFactory(new RecordingLogger(TimeProvider.System)), TimeProvider.System);
        var refused = await Assert.ThrowsAsync<NexusRequestException>(() => client.HeadAsync("raw-hosted", "/a.txt", TestContext.Current.CancellationToken));

        var time = new FakeTimeProvider();
        var log = new RecordingLogger(time);
        var breaker = new RunCircuitBreaker(Settings, _ => Task.FromResult(false), time, log, baseUrl.Authority, endpoint);
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(refused);
        }

        var waiting = breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask();
        time.Advance(RunCircuitBreaker.HeartbeatInterval);
        await Task.Yield();

        var hint = $"connection refused by {endpoint} — if the URL is wrong, `nexus-push check` tells at once";
        var opening = Assert.Single(log.Lines, l => l.Text.Contains("pausing all uploads", StringComparison.Ordinal));
        Assert.Contains(hint, opening.Text, StringComparison.Ordinal);
        var beat = Assert.Single(log.Lines, l => l.Text.Contains("status check", StringComparison.Ordinal) && l.Text.Contains("giving up in", StringComparison.Ordinal));
        Assert.Contains(hint, beat.Text, StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task OtherOutage_NoConnectionRefusedHint()
    {
        var time = new FakeTimeProvider();
        var log = new RecordingLogger(time);
        var breaker = new RunCircuitBreaker(Settings, _ => Task.FromResult(false), time, log, "nexus.test");
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(new NexusRequestException(NexusFailureKind.ServerError, "503"));
        }

        _ = breaker.BeforeAttemptAsync(TestContext.Current.CancellationToken).AsTask();
        time.Advance(RunCircuitBreaker.HeartbeatInterval);
        await Task.Yield();

        Assert.Contains(log.Lines, l => l.Text.Contains("giving up in", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Text.Contains("connection refused", StringComparison.Ordinal));
    }

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }

    private sealed record Line(DateTimeOffset At, LogLevel Level, string Text);

    private sealed class RecordingLogger(TimeProvider time) : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<Line> _lines = [];

        public List<Line> Lines
        {
            get
            {
                lock (_gate)
                {
                    return _lines.ToList();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _lines.Add(new Line(time.GetUtcNow(), logLevel, formatter(state, exception)));
            }
        }
    }
}
