using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// A server on 127.0.0.1 that accepts every connection, reads whatever is sent and never answers: a Nexus behind a
/// hung proxy, or a firewall that swallows packets after the handshake. Raw TCP, not the Kestrel fake: Kestrel
/// speaks as soon as a handler reads a body (<c>100 Continue</c>), answers malformed requests itself (400) and
/// closes idle connections on its own timers; a black hole must never send a single byte nor close.
/// </summary>
internal sealed class BlackHoleServer : IAsyncDisposable
{
    private readonly Channel _heads = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public BlackHoleServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>Request lines ("HEAD /repository/… HTTP/1.1") in arrival order.</summary>
    public ConcurrentQueue<string> RequestLines { get; } = new();

    /// <summary>Completes when the next request's head has arrived (one waiter at a time).</summary>
    public Task NextRequestAsync() => _heads.NextAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll(_connections.Append(_accepting).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        await Task.Yield(); // the constructor finishes before the first connection is served
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[64 * 1024];
            var seen = new StringBuilder();
            var signalled = false;
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    // Only the first request of a connection matters: nothing is answered, so no second one follows.
                    if (!signalled)
                    {
                        seen.Append(Encoding.Latin1.GetString(buffer, 0, read));
                        var text = seen.ToString();
                        if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            signalled = true;
                            RequestLines.Enqueue(text[..text.IndexOf('\r', StringComparison.Ordinal)]);
                            _heads.Signal();
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client gave up (its timeout) or the server is stopping.
            }
        }
    }

    /// <summary>Counts arrivals; a waiter gets the next one that arrives after it started waiting, or one already pending.</summary>
    private sealed class Channel
    {
        private readonly System.Threading.Channels.Channel<bool> _arrivals = System.Threading.Channels.Channel.CreateUnbounded<bool>();

        public void Signal() => _arrivals.Writer.TryWrite(true);

        public async Task NextAsync() => await _arrivals.Reader.ReadAsync();
    }
}
