namespace NexusPush.Nexus;

/// <summary>
/// Cancels an attempt when nothing happens for a while, instead of capping its total time: a 5 GB upload that keeps
/// moving is never cut off, a stalled one fails after <c>--stall-timeout</c> (issue 5, peers.md §2.3).
/// </summary>
internal sealed class StallWatchdog : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _outer;
    private TimeSpan _window;
    private long _lastArmedTicks;

    public StallWatchdog(TimeSpan window, CancellationToken outer)
    {
        _window = window;
        _outer = outer;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Arm();
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>True when the watchdog, not the caller, cancelled the attempt.</summary>
    public bool Fired => _cts.IsCancellationRequested && !_outer.IsCancellationRequested;

    /// <summary>Something moved: restart the window. Re-arming the timer at most every 100 ms keeps this cheap on every read.</summary>
    public void Touch()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastArmedTicks) >= 100)
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

    public void Dispose() => _cts.Dispose();

    private void Arm()
    {
        Interlocked.Exchange(ref _lastArmedTicks, Environment.TickCount64);
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
