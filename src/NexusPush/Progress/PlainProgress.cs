using System.Globalization;
using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Progress;

/// <summary>
/// Progress for logs (not a terminal, or CI=true): one plain line every interval, no escape
/// codes, no per-chunk output (CI logs want a heartbeat, not thousands of lines). A clock ticking five times an
/// interval writes the line when nothing else did, so it keeps coming while no file finishes (Nexus away, one
/// huge file), until the run ends.
/// </summary>
internal sealed class PlainProgress : RunProgress
{
    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly long _started;
    private readonly ITimer _ticks;
    private long _lastWritten;

    public PlainProgress(TextWriter output, TimeProvider time, TimeSpan interval)
    {
        (_output, _time, _interval) = (output, time, interval);
        _started = _lastWritten = time.GetTimestamp();
        _ticks = time.CreateTimer(_ => Tick(), null, interval / 5, interval / 5);
    }

    public override void ItemFinished(ItemResult result)
    {
        base.ItemFinished(result);
        MaybeWrite();
    }

    public override void RunFinished(RunSummary summary)
    {
        _ticks.Dispose();
        base.RunFinished(summary);
    }

    protected override void BytesSentFor(PlanItem item, long bytes)
    {
        base.BytesSentFor(item, bytes);
        MaybeWrite();
    }

    /// <summary>A line the clock asked for; when it cannot be written the ticks stop, and the next item event raises the error.</summary>
    private void Tick()
    {
        try
        {
            MaybeWrite();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _ticks.Dispose();
            DisplayFailed(e);
        }
    }

    private void MaybeWrite()
    {
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastWritten)) < _interval)
        {
            return;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_lastWritten, now) < _interval)
            {
                return;
            }

            _lastWritten = now;
            var seconds = Math.Max(_time.GetElapsedTime(_started, now).TotalSeconds, 0.001);
            _output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"progress: {FilesText} ({Counts}); {TextReport.FormatBytes(BytesSent)} sent, {TextReport.FormatBytes((long)(BytesSent / seconds))}/s"));
            _output.Flush();
        }
    }
}
