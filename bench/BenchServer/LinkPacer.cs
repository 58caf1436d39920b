using System.Diagnostics;

namespace BenchServer;

/// <summary>
/// Paces one upload's reads to a link speed: after each read, if the bytes so far arrived sooner than the link would
/// have carried them, wait until they would have. The schedule runs from the start of the upload, so a late timer
/// (Task.Delay has millisecond steps) is made up by the next reads and the whole upload keeps the exact rate.
/// </summary>
internal sealed class LinkPacer(int megabitsPerSecond)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly double _bytesPerSecond = megabitsPerSecond * 1e6 / 8;
    private long _bytes;

    public Task ReadAsync(int bytes, CancellationToken cancel)
    {
        _bytes += bytes;
        var ahead = TimeSpan.FromSeconds(_bytes / _bytesPerSecond) - Stopwatch.GetElapsedTime(_started);
        return ahead > TimeSpan.Zero ? Task.Delay(ahead, cancel) : Task.CompletedTask;
    }
}
