using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Support.Faults;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 that behaves like a small raw-format Nexus (uploads stored, HEAD with the
/// SHA-1 ETag, status, asset listing) until a scripted fault says otherwise: store then drop, never answer, close
/// mid-body, 503/429 with Retry-After. WireMock cannot drop a connection after storing, hence this server.
/// </summary>
internal sealed class FaultServer : LoopbackTcpServer
{
    private readonly List<FaultRule> _rules = [];
    private int _sequence;

    /// <summary>Every request in arrival order.</summary>
    public ConcurrentQueue<FaultRequest> Requests { get; } = new();

    public IReadOnlyList<FaultRequest> Uploads => Requests.Where(r => r.IsUpload).ToList();

    /// <summary>Stored files: "repository/path" → bytes.</summary>
    public ConcurrentDictionary<string, byte[]> Stored { get; } = new();

    /// <summary>How many times each "repository/path" was written (ALLOW_ONCE would have refused the second).</summary>
    public ConcurrentDictionary<string, int> Writes { get; } = new();

    /// <summary>Apply <paramref name="action"/> to the next <paramref name="times"/> requests that match (negative: all).</summary>
    public FaultServer On(Func<FaultRequest, bool> matches, FaultAction action, int times = 1)
    {
        lock (_rules)
        {
            _rules.Add(new FaultRule(matches, action, times));
        }

        return this;
    }

    public FaultServer OnUpload(FaultAction action, int times = 1) => On(r => r.IsUpload, action, times);

    /// <summary>
    /// A server that fails a third of requests: every third request fails, uploads in turn with a 503, a 429
    /// with Retry-After and a stored-then-dropped connection; other requests with a 503 or a 429.
    /// </summary>
    public FaultServer FailAThird()
    {
        On(r => r.Sequence % 9 == 0, FaultAction.Answer(503), times: -1);
        On(r => r.Sequence % 9 == 3, FaultAction.Answer(429, "0"), times: -1);
        On(r => r.Sequence % 9 == 6 && r.IsUpload, FaultAction.StoreThenDrop, times: -1);
        return On(r => r.Sequence % 9 == 6, FaultAction.Answer(503), times: -1);
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (await FaultRequest.ReadHeadAsync(stream, Stop.Token) is { } request)
                {
                    request.Sequence = Interlocked.Increment(ref _sequence);
                    Requests.Enqueue(request);
                    var action = Next(request);
                    request.Fault = action.Kind;
                    if (!await HandleAsync(stream, request, action))
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
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

    /// <returns>False when the connection must be closed.</returns>
    private async Task<bool> HandleAsync(NetworkStream stream, FaultRequest request, FaultAction action)
    {
        switch (action.Kind)
        {
            case FaultKind.NeverAnswer:
                await Task.Delay(Timeout.Infinite, Stop.Token);
                return false;
            case FaultKind.Answer:
                var headers = (action.Headers ?? []).ToList();
                if (action.RetryAfterDateIn is { } delay)
                {
                    headers.Add(new("Retry-After", DateTimeOffset.UtcNow.Add(delay).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                }

                await WriteAsync(stream, action.Status, headers, action.Body ?? string.Empty, close: true, reason: action.Reason);
                return false;
            case FaultKind.CloseMidBody:
                await ContinueAsync(stream, request);
                await ReadBodyAsync(stream, request.ContentLength / 2);
                return false;
            case FaultKind.StallMidBody:
                await ContinueAsync(stream, request);
                await ReadBodyAsync(stream, request.ContentLength / 2);
                await Task.Delay(Timeout.Infinite, Stop.Token);
                return false;
        }

        var body = !await ContinueAsync(stream, request) ? []
            : action.Kind == FaultKind.HookMidBody ? await ReadAroundHookAsync(stream, request.ContentLength, action)
            : await ReadBodyAsync(stream, request.ContentLength);
        if (request.IsUpload)
        {
            Store(request, body);
            if (action.Kind == FaultKind.StoreThenDrop)
            {
                return false;
            }

            await WriteAsync(stream, 204, [], string.Empty);
            return true;
        }

        await AnswerReadAsync(stream, request);
        return true;
    }

    private async Task AnswerReadAsync(NetworkStream stream, FaultRequest request)
    {
        var path = request.Path;
        if (path == "/service/rest/v1/status")
        {
            await WriteAsync(stream, 200, [], string.Empty);
        }
        else if (path.StartsWith("/service/rest/v1/repositories/", StringComparison.Ordinal))
        {
            var name = Uri.UnescapeDataString(path["/service/rest/v1/repositories/".Length..]);
            await WriteAsync(stream, 200, [new("Content-Type", "application/json")], $"{{\"name\":\"{name}\",\"format\":\"raw\",\"type\":\"hosted\"}}");
        }
        else if (path == "/service/rest/v1/assets")
        {
            var prefix = request.Query("repository") + "/";
            var items = Stored.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p =>
                $"{{\"path\":\"{p.Key[prefix.Length..]}\",\"fileSize\":{p.Value.Length},\"checksum\":{{\"sha1\":\"{Sha1(p.Value)}\"}}}}");
            await WriteAsync(stream, 200, [new("Content-Type", "application/json")], $"{{\"items\":[{string.Join(',', items)}],\"continuationToken\":null}}");
        }
        else if (path.StartsWith("/repository/", StringComparison.Ordinal) && Stored.TryGetValue(Uri.UnescapeDataString(path["/repository/".Length..]), out var content))
        {
            var sha1 = Sha1(content);
            await WriteAsync(stream, 200, [new("ETag", $"\"{sha1}\"")], request.Method == "HEAD" ? null : Encoding.Latin1.GetString(content), headLength: content.Length);
        }
        else
        {
            await WriteAsync(stream, 404, [], string.Empty);
        }
    }

#pragma warning disable CA5350 // Nexus's ETag is the SHA-1 of the blob (nexus-contract.md §4); not used for security.
    private static string Sha1(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

    private void Store(FaultRequest request, byte[] body)
    {
        var parts = MultipartBody.Parse(request.Headers["content-type"], body);
        string? Text(string name) => parts.LastOrDefault(p => p.Name == name && p.FileName is null)?.Text;
        var filePart = parts.First(p => p.FileName is not null);
        var directory = Text("raw.directory") ?? "/";
        var fileName = Text("raw.asset1.filename") ?? filePart.FileName!;
        var file = filePart.Content;

        // nexus-contract.md §3 (raw): collapse slashes, strip leading/trailing '/', prefix one.
        var path = "/" + string.Join('/', (directory + "/" + fileName).Split('/', StringSplitOptions.RemoveEmptyEntries));
        var key = request.Query("repository") + path;
        Stored[key] = file;
        Writes.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    private static async Task<bool> ContinueAsync(NetworkStream stream, FaultRequest request)
    {
        if (request.ExpectsContinue)
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
        }

        return request.ContentLength > 0;
    }

    private async Task<byte[]> ReadAroundHookAsync(NetworkStream stream, long length, FaultAction action)
    {
        var first = Math.Min(action.AfterBytes, length);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body.AsMemory(0, (int)first), Stop.Token);
        await action.MidBody!();
        await stream.ReadExactlyAsync(body.AsMemory((int)first), Stop.Token);
        return body;
    }

    private async Task<byte[]> ReadBodyAsync(NetworkStream stream, long length)
    {
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, Stop.Token);
        return body;
    }

    private static async Task WriteAsync(NetworkStream stream, int status, IEnumerable<KeyValuePair<string, string>> headers, string? body, bool close = false, long? headLength = null, string? reason = null)
    {
        var bytes = body is null ? [] : Encoding.Latin1.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status} {reason ?? ((HttpStatusCode)status).ToString()}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        head.Append($"Content-Length: {headLength ?? bytes.Length}\r\n");
        head.Append(close ? "Connection: close\r\n\r\n" : "\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }
}
