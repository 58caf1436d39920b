using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NexusPush.Tests.Support;

/// <summary>
/// A raw TCP server on 127.0.0.1 for the fakes that must misbehave below HTTP (drop a connection after storing,
/// never answer): accepts every connection and hands it to <see cref="ServeAsync"/> until disposed.
/// </summary>
internal abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    protected LoopbackTcpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationTokenSource Stop { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll(_connections.Append(_accepting).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Stop.Dispose();
    }

    /// <summary>Serves one accepted connection; the client is disposed by the implementation.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptAsync()
    {
        await Task.Yield(); // the derived constructor finishes before the first connection is served
        while (!Stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(Stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }
}
