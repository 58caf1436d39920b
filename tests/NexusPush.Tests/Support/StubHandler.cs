using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Nexus;

namespace NexusPush.Tests.Support;

/// <summary>
/// An in-memory transport for a real <see cref="NexusClient"/>: no socket, each request answered by
/// <see cref="Answer"/> and recorded, for unit tests of what sits above the client (the executor, its observers).
/// </summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpStatusCode> answer) : HttpMessageHandler
{
    private static readonly Uri BaseUrl = new("http://nexus.test/");

    /// <summary>"METHOD path" of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Func<HttpRequestMessage, HttpStatusCode> Answer { get; } = answer;

    /// <summary>A client over this handler, without retries (a stub answers at once; retries are tested elsewhere).</summary>
    public NexusClient Client()
    {
        var http = new HttpClient(this, disposeHandler: false) { BaseAddress = BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        var options = new NexusOptions { BaseUrl = BaseUrl, Retries = 0 };
        return new NexusClient(http, options, NullLogger<NexusClient>.Instance, TimeProvider.System);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken); // the file is read and hashed as on the wire
        }

        return new HttpResponseMessage(Answer(request)) { RequestMessage = request };
    }
}
