namespace NexusPush.Nexus;

/// <summary>
/// Cancels an attempt when nothing happens for a while, instead of capping its total time: a 5 GB upload that keeps
/// moving is never cut off, a stalled one fails after <c>--stall-timeout</c> (a fixed per-request timeout either
/// cuts big uploads or lets a hung one hang for hours).
/// </summary>
internal sealed class StallWatchdog : IDisposable
{
    private static readonly TimeSpan RearmEvery = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenRegistration _link;
    private readonly TimeProvider _time;
    private TimeSpan _window;
    private long _lastArmed;

    public StallWatchdog(TimeSpan window, CancellationToken outer, TimeProvider? timeProvider = null)
    {
        _window = window;
        _outer = outer;
        _time = timeProvider ?? TimeProvider.System;

        // The timer runs on the TimeProvider so tests can move time instead of sleeping.
        _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        _link = outer.Register(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
        Arm();
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The current window: how long nothing may happen before the attempt is cancelled.</summary>
    public TimeSpan Window => _window;

    /// <summary>True when the watchdog, not the caller, cancelled the attempt.</summary>
    public bool Fired => _cts.IsCancellationRequested && !_outer.IsCancellationRequested;

    /// <summary>Something moved: restart the window. Re-arming the timer at most every 100 ms keeps this cheap on every read.</summary>
    public void Touch()
    {
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastArmed)) >= RearmEvery)
        {
            Arm();
        }
    }

    /// <summary>Switch to a new window, e.g. from "bytes must move" to "the answer must come".</summary>
    public void Reset(TimeSpan window)
    {
        _window = window;
        Arm();
    }

    public void Dispose()
    {
        _link.Dispose();
        _cts.Dispose();
    }

    private void Arm()
    {
        Interlocked.Exchange(ref _lastArmed, _time.GetTimestamp());
        try
        {
            _cts.CancelAfter(_window);
        }
        catch (ObjectDisposedException)
        {
            // The attempt is over.
        }
    }
}
