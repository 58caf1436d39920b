using System.Collections.Concurrent;

namespace BenchServer;

/// <summary>What the server saw since the last reset: requests by kind, connections, bytes. Read by run.sh via GET /bench/stats.</summary>
internal sealed class BenchStats
{
    private readonly ConcurrentDictionary<string, int> _byEndpoint = new(StringComparer.Ordinal);
    private long _posts;
    private long _heads;
    private long _listingPages;
    private long _requests;
    private long _uploadedBytes;
    private int _openConnections;
    private int _maxConnections;
    private int _connections;
    private int _inFlight;
    private int _maxInFlight;
    private TimeSpan _cpuAtReset = CpuTime();

    public long Posts => Interlocked.Read(ref _posts);

    public long Heads => Interlocked.Read(ref _heads);

    public long ListingPages => Interlocked.Read(ref _listingPages);

    public long Requests => Interlocked.Read(ref _requests);

    public long UploadedBytes => Interlocked.Read(ref _uploadedBytes);

    public int OpenConnections => Volatile.Read(ref _openConnections);

    public int MaxConnections => Volatile.Read(ref _maxConnections);

    /// <value>Connections accepted since the reset (a new connection per request shows here).</value>
    public int Connections => Volatile.Read(ref _connections);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyDictionary<string, int> ByEndpoint => _byEndpoint;

    /// <value>CPU the server burnt since the reset: on a 2-core machine it competes with the client being measured.</value>
    public TimeSpan CpuSinceReset => CpuTime() - _cpuAtReset;

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        RaiseMax(ref _maxConnections, Interlocked.Increment(ref _openConnections));
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);

    public void RequestStarted(string endpoint)
    {
        Interlocked.Increment(ref _requests);
        _byEndpoint.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        RaiseMax(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
    }

    public void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    public void Post(long bytes)
    {
        Interlocked.Increment(ref _posts);
        Interlocked.Add(ref _uploadedBytes, bytes);
    }

    public void Head() => Interlocked.Increment(ref _heads);

    public void ListingPage() => Interlocked.Increment(ref _listingPages);

    /// <summary>
    /// Zero the counters and maxima. The reset's own connection is still open here and must not count: run.sh makes
    /// no other request until the measured command starts.
    /// </summary>
    public void Reset()
    {
        _byEndpoint.Clear();
        Interlocked.Exchange(ref _posts, 0);
        Interlocked.Exchange(ref _heads, 0);
        Interlocked.Exchange(ref _listingPages, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _uploadedBytes, 0);
        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _maxConnections, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
        _cpuAtReset = CpuTime();
    }

    private static TimeSpan CpuTime()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static void RaiseMax(ref int max, int value)
    {
        var seen = Volatile.Read(ref max);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref max, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
