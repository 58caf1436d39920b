using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Support;

/// <summary>
/// The in-process fake Nexus for streaming and fault tests: Kestrel on 127.0.0.1 (HTTPS on request) that behaves
/// like a small hosted Nexus (uploads stored, HEAD/GET with the SHA-1 ETag, status, repositories, the asset
/// listing) until a scripted <see cref="FaultAction"/> says otherwise: store then drop the connection, never
/// answer, close or stall mid-body, any status with Retry-After. It records every request, counts TCP connections
/// and requests in flight, and takes a handler for tests that pace uploads and HEADs themselves.
/// Contract tests (what a request must look like) use WireMock instead (<see cref="NexusFake"/>).
/// </summary>
internal sealed class KestrelNexus : IAsyncDisposable
{
    private readonly List<FaultRule> _rules = [];
    private readonly Lock _storing = new();
    private readonly List<(string Repository, string Path)> _storedUploads = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<KestrelNexus, HttpContext, Task>? _handler;
    private WebApplication _app = null!;
    private int _sequence;
    private int _open;
    private int _maxOpen;
    private int _accepted;
    private int _inFlight;
    private int _maxInFlight;
    private int _uploadsAnswered;

    private KestrelNexus(TimeProvider? clock, Func<KestrelNexus, HttpContext, Task>? handler)
    {
        Clock = clock ?? TimeProvider.System;
        _handler = handler;
    }

    public string Url { get; private set; } = string.Empty;

    public int Port { get; private set; }

    /// <summary>The clock for <see cref="FaultRequest.ReceivedAt"/> and Retry-After dates: the run's, when it runs on a fake one.</summary>
    public TimeProvider Clock { get; }

    /// <summary>When set, every answer carries this <c>Server</c> header, e.g. <c>Nexus/3.77.1-01 (COMMUNITY)</c>.</summary>
    public string? ServerHeader { get; set; }

    /// <value>Assets per listing page: 10 (Nexus up to 3.73) or 100 (3.74 on).</value>
    public int PageSize { get; set; } = 100;

    /// <value>Listing paths with a leading '/' (datastore, 3.71 on) or without (OrientDB, up to 3.70).</value>
    public bool LeadingSlash { get; set; } = true;

    /// <value>When set, the listing answers with this status (e.g. 403: browse not granted).</value>
    public int? ListingStatus { get; set; }

    /// <value>When set, the listing answers 200 with this body (e.g. a proxy's HTML page).</value>
    public string? ListingBody { get; set; }

    /// <summary>When set, the asset listing leaves out the paths it returns true for (asked per listing request).</summary>
    public Func<string, bool>? HideFromListing { get; set; }

    /// <summary>When set, the asset listing gives the paths it returns true for a SHA-1 that is not their content's.</summary>
    public Func<string, bool>? WrongChecksumFor { get; set; }

    /// <summary>Called with each upload's path once its body arrived, before it is stored (tests cancel the run from here).</summary>
    public Action<string>? BeforeStore { get; set; }

    /// <summary>When set and it returns an answer (given how many uploads were stored so far), the upload gets that answer and is not stored.</summary>
    public Func<int, FaultAction?>? RefuseUpload { get; set; }

    /// <summary>Every request in arrival order.</summary>
    public ConcurrentQueue<FaultRequest> Requests { get; } = new();

    public IReadOnlyList<FaultRequest> Uploads => Requests.Where(r => r.IsUpload).ToList();

    /// <summary>The uploads that were stored, as (repository, path), in the order they were stored.</summary>
    public IReadOnlyList<(string Repository, string Path)> StoredUploads
    {
        get
        {
            lock (_storing)
            {
                return [.. _storedUploads];
            }
        }
    }

    /// <summary>HEADs of planning and verification (the preflight's read probe per repository is not counted).</summary>
    public int Heads => Requests.Count(r => r.Method == "HEAD" && !r.Path.EndsWith("/.nexus-push-preflight", StringComparison.Ordinal));

    /// <summary>Stored files: "repository/path" → bytes.</summary>
    public ConcurrentDictionary<string, byte[]> Stored { get; } = new();

    /// <summary>How many times each "repository/path" was written (ALLOW_ONCE would have refused the second).</summary>
    public ConcurrentDictionary<string, int> Writes { get; } = new();

    /// <summary>TCP connections accepted since the start.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>The most TCP connections open at one moment.</summary>
    public int MaxConnectionsOpen => Volatile.Read(ref _maxOpen);

    /// <summary>Uploads and HEADs being handled right now (from the request line to the answer).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most uploads and HEADs handled at one moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Uploads answered (by the handler, or stored and answered 204).</summary>
    public int UploadsAnswered => Volatile.Read(ref _uploadsAnswered);

    /// <summary>Starts the fake.</summary>
    /// <param name="clock">See <see cref="Clock"/>.</param>
    /// <param name="certificate">Serve HTTPS with it, at <c>https://localhost:PORT/</c>.</param>
    /// <param name="handler">Answers uploads and HEADs that no fault rule took (the test paces them); null: store and answer like Nexus.</param>
    public static async Task<KestrelNexus> StartAsync(TimeProvider? clock = null, X509Certificate2? certificate = null, Func<KestrelNexus, HttpContext, Task>? handler = null)
    {
        var server = new KestrelNexus(clock, handler);

        // No body cap and no minimum data rate (tests stall bodies on purpose), and 1 MB of request buffering in
        // Kestrel: what a client can push ahead of a server that stopped reading is then socket buffers only.
        server._app = LoopbackKestrel.Build(
            kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MaxRequestBufferSize = 1 << 20;
            },
            listen =>
            {
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref server._accepted);
                    Raise(ref server._maxOpen, Interlocked.Increment(ref server._open));
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref server._open);
                    }
                });
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        server._app.Run(server.ServeAsync);
        server.Port = await LoopbackKestrel.StartAsync(server._app);
        server.Url = certificate is null ? $"http://127.0.0.1:{server.Port}/" : $"https://localhost:{server.Port}/";
        return server;
    }

    /// <summary>Apply <paramref name="action"/> to the next <paramref name="times"/> requests that match (negative: all).</summary>
    public KestrelNexus On(Func<FaultRequest, bool> matches, FaultAction action, int times = 1)
    {
        lock (_rules)
        {
            _rules.Add(new FaultRule(matches, action, times));
        }

        return this;
    }

    public KestrelNexus OnUpload(FaultAction action, int times = 1) => On(r => r.IsUpload, action, times);

    /// <summary>Requests with this method and (raw) path.</summary>
    public int Count(string method, string path) => Requests.Count(r => r.Method == method && r.Path == path);

    /// <summary>Puts a file in place as a previous run would have left it; <paramref name="path"/> begins with '/'.</summary>
    public void Store(string repository, string path, byte[] content) => Stored[repository + path] = content;

    /// <summary>What <paramref name="repository"/> holds at <paramref name="path"/> (begins with '/'), or null.</summary>
    public byte[]? StoredAt(string repository, string path) => Stored.GetValueOrDefault(repository + path);

    /// <summary>
    /// A server that fails a third of requests: every third request fails, uploads in turn with a 503, a 429 with
    /// Retry-After and a stored-then-dropped connection; other requests with a 503 or a 429.
    /// </summary>
    public KestrelNexus FailAThird()
    {
        On(r => r.Sequence % 9 == 0, FaultAction.Answer(503), times: -1);
        On(r => r.Sequence % 9 == 3, FaultAction.Answer(429, "0"), times: -1);
        On(r => r.Sequence % 9 == 6 && r.IsUpload, FaultAction.StoreThenDrop, times: -1);
        return On(r => r.Sequence % 9 == 6, FaultAction.Answer(503), times: -1);
    }

    public async ValueTask DisposeAsync()
    {
        // Requests held open (never answered, stalled) end first, so the host does not wait out its shutdown timeout.
        await _stop.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new FaultRequest(context.Request.Method, target, headers)
        {
            Sequence = Interlocked.Increment(ref _sequence),
            ReceivedAt = Clock.GetUtcNow(),
        };
        Requests.Enqueue(request);
        var action = Next(request);
        request.Fault = action.Kind;
        if (ServerHeader is { } server)
        {
            context.Response.Headers.Server = server;
        }

        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, context.RequestAborted);
        try
        {
            await HandleAsync(context, request, action, gone.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away (its timeout) or the server is stopping.
            context.Abort();
        }
    }

    private FaultAction Next(FaultRequest request)
    {
        lock (_rules)
        {
            var rule = _rules.FirstOrDefault(r => r.Remaining != 0 && r.Matches(request));
            if (rule is null)
            {
                return FaultAction.Normal;
            }

            rule.Remaining--;
            return rule.Action;
        }
    }

    private async Task HandleAsync(HttpContext context, FaultRequest request, FaultAction action, CancellationToken token)
    {
        switch (action.Kind)
        {
            case FaultKind.NeverAnswer:
                await Task.Delay(Timeout.Infinite, token);
                return;
            case FaultKind.Answer:
                await AnswerAsync(context, action, token);
                return;
            case FaultKind.CloseMidBody:
                await ReadBodyAsync(context, request.ContentLength / 2, token);
                context.Abort();
                return;
            case FaultKind.StallMidBody:
                await ReadBodyAsync(context, request.ContentLength / 2, token);
                await Task.Delay(Timeout.Infinite, token);
                return;
        }

        if (_handler is not null && action.Kind == FaultKind.Normal && (request.IsUpload || request.Method == "HEAD"))
        {
            await PacedAsync(context, request, token);
            return;
        }

        var body = action.Kind == FaultKind.HookMidBody
            ? await ReadAroundHookAsync(context, action, token)
            : await ReadBodyAsync(context, long.MaxValue, token);
        if (request.IsUpload)
        {
            if (Store(request, body) is { } refusal)
            {
                await AnswerAsync(context, refusal, token);
                return;
            }

            if (action.Kind == FaultKind.StoreThenDrop)
            {
                context.Abort(); // stored, but the answer is lost
                return;
            }

            Interlocked.Increment(ref _uploadsAnswered);
            context.Response.StatusCode = 204;
            return;
        }

        await AnswerReadAsync(context, request, token);
    }

    private async Task PacedAsync(HttpContext context, FaultRequest request, CancellationToken token)
    {
        Raise(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
        try
        {
            await _handler!(this, context).WaitAsync(token);
            if (request.IsUpload)
            {
                Interlocked.Increment(ref _uploadsAnswered);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context, FaultAction action, CancellationToken token)
    {
        var response = context.Response;
        response.StatusCode = action.Status;
        if (action.Reason is { } reason)
        {
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = reason;
        }

        foreach (var (name, value) in action.Headers ?? [])
        {
            response.Headers[name] = value;
        }

        if (action.RetryAfterDateIn is { } delay)
        {
            response.Headers.RetryAfter = Clock.GetUtcNow().Add(delay).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        // Answered without reading the body: the connection cannot be reused.
        response.Headers.Connection = "close";
        await response.WriteAsync(action.Body ?? string.Empty, token);
    }

    private async Task AnswerReadAsync(HttpContext context, FaultRequest request, CancellationToken token)
    {
        var response = context.Response;
        var path = request.Path;
        if (path is "/service/rest/v1/status" or "/service/rest/v1/status/writable")
        {
            response.StatusCode = 200;
        }
        else if (path.StartsWith("/service/rest/v1/repositories/", StringComparison.Ordinal))
        {
            // Every repository exists and is hosted; one whose name begins with "yum" is a yum repository, others raw.
            var name = Uri.UnescapeDataString(path["/service/rest/v1/repositories/".Length..]);
            var format = name.StartsWith("yum", StringComparison.Ordinal) ? "yum" : "raw";
            await JsonAsync(response, JsonSerializer.Serialize(new { name, format, type = "hosted", url = Url + "repository/" + name }), token);
        }
        else if (path == "/service/rest/v1/assets")
        {
            await ListAsync(response, request, token);
        }
        else if (path.StartsWith("/repository/", StringComparison.Ordinal) && Stored.TryGetValue(Uri.UnescapeDataString(path["/repository/".Length..]), out var content))
        {
            response.StatusCode = 200;
            response.Headers.ETag = $"\"{Sha1(content)}\"";
            response.ContentLength = content.Length;
            if (request.Method != "HEAD")
            {
                await response.Body.WriteAsync(content, token);
            }
        }
        else
        {
            response.StatusCode = 404;
        }
    }

    /// <summary>One page of the asset listing (nexus-contract.md §5.1): a full page carries a token even when nothing follows, then an empty page ends it.</summary>
    private async Task ListAsync(HttpResponse response, FaultRequest request, CancellationToken token)
    {
        if (ListingStatus is { } status)
        {
            response.StatusCode = status;
            return;
        }

        if (ListingBody is { } body)
        {
            await JsonAsync(response, body, token);
            return;
        }

        var repository = request.Query("repository") ?? string.Empty;
        var offset = request.Query("continuationToken") is { } continuation ? int.Parse(continuation, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var assets = Stored
            .Where(a => a.Key.StartsWith(repository + "/", StringComparison.Ordinal))
            .Select(a => (Path: a.Key[repository.Length..], Content: a.Value))
            .Where(a => HideFromListing?.Invoke(a.Path) != true)
            .OrderBy(a => a.Path, StringComparer.Ordinal)
            .ToList();
        var page = assets.Skip(offset).Take(PageSize).Select(a => new
        {
            path = LeadingSlash ? a.Path : a.Path.TrimStart('/'),
            repository,
            fileSize = a.Content.Length,
            checksum = new { sha1 = WrongChecksumFor?.Invoke(a.Path) == true ? new string('0', 40) : Sha1(a.Content) },
        }).ToList();
        var next = page.Count == PageSize ? (offset + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        await JsonAsync(response, JsonSerializer.Serialize(new { items = page, continuationToken = next }), token);
    }

    private static async Task JsonAsync(HttpResponse response, string body, CancellationToken token)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.WriteAsync(body, token);
    }

#pragma warning disable CA5350 // Nexus's ETag is the SHA-1 of the blob (nexus-contract.md §4); not used for security.
    private static string Sha1(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

    /// <returns>The refusal when <see cref="RefuseUpload"/> refused it (nothing stored), else null.</returns>
    private FaultAction? Store(FaultRequest request, byte[] body)
    {
        var parts = MultipartBody.Parse(request.Headers["content-type"], body);
        string? Text(string name) => parts.LastOrDefault(p => p.Name == name && p.FileName is null)?.Text;
        var filePart = parts.First(p => p.FileName is not null);
        var directory = Text("raw.directory") ?? Text("yum.directory") ?? "/";
        var fileName = Text("raw.asset1.filename")
            ?? parts.LastOrDefault(p => p.FileName is null && p.Name.EndsWith(".asset.filename", StringComparison.Ordinal))?.Text
            ?? filePart.FileName!;

        // Raw and yum paths (nexus-contract.md §3): slashes collapsed, leading and trailing '/' stripped, one '/' in front.
        var path = "/" + string.Join('/', (directory + "/" + fileName).Split('/', StringSplitOptions.RemoveEmptyEntries));
        var repository = request.Query("repository") ?? string.Empty;
        BeforeStore?.Invoke(path);
        lock (_storing)
        {
            if (RefuseUpload?.Invoke(_storedUploads.Count) is { } refusal)
            {
                return refusal;
            }

            _storedUploads.Add((repository, path));
            Stored[repository + path] = filePart.Content;
            Writes.AddOrUpdate(repository + path, 1, (_, n) => n + 1);
        }

        return null;
    }

    private static async Task<byte[]> ReadAroundHookAsync(HttpContext context, FaultAction action, CancellationToken token)
    {
        var first = await ReadBodyAsync(context, action.AfterBytes, token);
        await action.MidBody!();
        var rest = await ReadBodyAsync(context, long.MaxValue, token);
        return [.. first, .. rest];
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes of the body (all of it for <see cref="long.MaxValue"/>).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext context, long limit, CancellationToken token)
    {
        using var body = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (body.Length < limit)
        {
            var read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - body.Length)), token);
            if (read == 0)
            {
                break;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
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
