using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Performance;

/// <summary>
/// Kestrel on 127.0.0.1 with a connection middleware that counts TCP connections (accepted in total and open at
/// once) and a counter of requests in flight. The test supplies the handler for uploads and HEADs (given the server,
/// to read its counters); the asset listing answers an empty repository, so sync-dir uploads everything.
/// </summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _open;
    private int _maxOpen;
    private int _accepted;
    private int _inFlight;
    private int _maxInFlight;
    private int _uploads;

    private CountingServer(Func<CountingServer, HttpContext, Task> handler)
    {
        // No 30 MB body cap, no minimum data rate (the tests pause reading on purpose), and a fixed 1 MB of request
        // buffering in Kestrel: what the client can push ahead of the server is then socket buffers only.
        _app = LoopbackKestrel.Build(
            kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MaxRequestBufferSize = 1 << 20;
            },
            listen => listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref _accepted);
                Raise(ref _maxOpen, Interlocked.Increment(ref _open));
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            }));
        _app.Run(async context =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/service/rest/v1/assets")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"items":[],"continuationToken":null}""");
                return;
            }

            var isUpload = HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/service/rest/v1/components";
            if (!isUpload && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = 404;
                return;
            }

            Raise(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
            try
            {
                await handler(this, context);
                if (isUpload)
                {
                    Interlocked.Increment(ref _uploads);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
    }

    public string Url { get; private set; } = string.Empty;

    /// <summary>TCP connections accepted since the start.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>The most TCP connections open at one moment.</summary>
    public int MaxConnectionsOpen => Volatile.Read(ref _maxOpen);

    /// <summary>Uploads and HEADs being handled right now (from the request line to the answer).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most uploads and HEADs handled at one moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Uploads answered.</summary>
    public int Uploads => Volatile.Read(ref _uploads);

    public static async Task<CountingServer> StartAsync(Func<CountingServer, HttpContext, Task> handler)
    {
        var server = new CountingServer(handler);
        server.Url = $"http://127.0.0.1:{await LoopbackKestrel.StartAsync(server._app)}/";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Raise(ref int max, int value)
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
