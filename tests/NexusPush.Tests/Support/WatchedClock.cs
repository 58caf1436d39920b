using Microsoft.Extensions.Time.Testing;

namespace NexusPush.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells when the code under test starts a timer (a retry's backoff, a
/// Retry-After wait, the breaker's pause), so a test can wait for the wait to begin and then move time past it:
/// no real sleep, and no race between "the code starts waiting" and "the test advances the clock".
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _started = [];
    private readonly List<(Func<TimeSpan, bool> Match, int After, TaskCompletionSource<TimeSpan> Seen)> _waiters = [];

    public FakeTimeProvider Fake { get; } = new(start);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    /// <summary>How long each one-shot timer started so far was set for, in order.</summary>
    public IReadOnlyList<TimeSpan> OneShots
    {
        get
        {
            lock (_gate)
            {
                return [.. _started];
            }
        }
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Registered with the fake clock before anyone hears of it: an Advance by a waiter always counts.
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                _started.Add(dueTime);
                foreach (var waiter in _waiters.Where(w => _started.Count > w.After && w.Match(dueTime)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Seen.TrySetResult(dueTime);
                }
            }
        }

        return timer;
    }

    /// <summary>Completes with the due time of the next one-shot timer that matches and starts after this call.</summary>
    public Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> match)
    {
        var seen = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((match, _started.Count, seen));
        }

        return seen.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
