using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// A server on 127.0.0.1 that accepts every connection, reads whatever is sent and never answers: a Nexus behind a
/// hung proxy, or a firewall that swallows packets after the handshake.
/// </summary>
internal sealed class BlackHoleServer : LoopbackTcpServer
{
    private readonly Channel _heads = new();

    /// <summary>Request lines ("HEAD /repository/… HTTP/1.1") in arrival order.</summary>
    public ConcurrentQueue<string> RequestLines { get; } = new();

    /// <summary>Completes when the next request's head has arrived (one waiter at a time).</summary>
    public Task NextRequestAsync() => _heads.NextAsync();

    protected override async Task ServeAsync(TcpClient client)
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
                while ((read = await stream.ReadAsync(buffer, Stop.Token)) > 0)
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
