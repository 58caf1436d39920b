using System.Globalization;
using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Progress;

/// <summary>
/// Progress for logs (not a terminal, or CI=true): one plain line at most every <paramref name="interval"/>, no
/// escape codes, no per-chunk output (CI logs want a heartbeat, not thousands of lines).
/// </summary>
internal sealed class PlainProgress(TextWriter output, TimeProvider time, TimeSpan interval) : RunProgress
{
    private readonly Lock _gate = new();
    private readonly long _started = time.GetTimestamp();
    private long _lastWritten = time.GetTimestamp();

    public override void ItemFinished(ItemResult result)
    {
        base.ItemFinished(result);
        MaybeWrite();
    }

    protected override void BytesSentFor(PlanItem item, long bytes)
    {
        base.BytesSentFor(item, bytes);
        MaybeWrite();
    }

    private void MaybeWrite()
    {
        if (time.GetElapsedTime(Interlocked.Read(ref _lastWritten)) < interval)
        {
            return;
        }

        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(_lastWritten, now) < interval)
            {
                return;
            }

            _lastWritten = now;
            var seconds = Math.Max(time.GetElapsedTime(_started, now).TotalSeconds, 0.001);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"progress: {FilesText} ({Counts}); {TextReport.FormatBytes(BytesSent)} sent, {TextReport.FormatBytes((long)(BytesSent / seconds))}/s"));
            output.Flush();
        }
    }
}
