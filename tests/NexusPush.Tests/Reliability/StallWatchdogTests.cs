using Microsoft.Extensions.Time.Testing;
using NexusPush.Nexus;

namespace NexusPush.Tests.Reliability;

/// <summary>A stalled attempt fails after the window; a slow one that keeps moving is never cut off.</summary>
public sealed class StallWatchdogTests
{
    [Fact]
    public void Touch_BytesKeepMovingFarBeyondTheWindow_NeverFires()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new StallWatchdog(TimeSpan.FromSeconds(10), CancellationToken.None, time);

        // An hour of a slow upload: a chunk every 5 s.
        for (var i = 0; i < 720; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            watchdog.Touch();
        }

        Assert.False(watchdog.Token.IsCancellationRequested);
    }

    [Fact]
    public void Touch_NothingMovesForTheWindow_FiresAndSaysSo()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new StallWatchdog(TimeSpan.FromSeconds(10), CancellationToken.None, time);
        time.Advance(TimeSpan.FromSeconds(5));
        watchdog.Touch();

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.True(watchdog.Fired);
    }

    [Fact]
    public void Reset_AnswerWindowLongerThanStallWindow_WaitsForTheAnswerWindow()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new StallWatchdog(TimeSpan.FromSeconds(10), CancellationToken.None, time);
        watchdog.Reset(TimeSpan.FromSeconds(300));

        time.Advance(TimeSpan.FromSeconds(299));
        Assert.False(watchdog.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watchdog.Fired);
    }

    [Fact]
    public async Task Token_CallerCancels_CancelledButNotFired()
    {
        using var outer = new CancellationTokenSource();
        using var watchdog = new StallWatchdog(TimeSpan.FromSeconds(10), outer.Token, new FakeTimeProvider());

        await outer.CancelAsync();

        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.False(watchdog.Fired);
    }
}
