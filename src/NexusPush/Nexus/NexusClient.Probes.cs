using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace NexusPush.Nexus;

/// <summary>
/// The read-only requests behind <c>check</c>, <c>repos</c> and <c>--wait-index</c>. Kept in their own file so the
/// upload path in NexusClient.cs stays as it is.
/// </summary>
internal sealed partial class NexusClient
{
    /// <summary>A path no one stores: HEAD on it answers 404 with read permission, 401/403 without (nexus-contract.md §4, §10).</summary>
    internal const string ReadProbePath = "/.nexus-push-preflight";

    /// <summary>
    /// One GET without retries (preflight must answer in seconds, not after a backoff): any HTTP answer comes back
    /// with its status and <c>Server</c> header (nexus-contract.md §1), a non-success one also classified. Transport
    /// failures (refused, DNS, TLS) throw a classified <see cref="NexusRequestException"/>.
    /// </summary>
    public async Task<NexusProbe> ProbeAsync(string relativeUri, CancellationToken cancellationToken)
    {
        var context = Context(null, null, isUpload: false);
        using var message = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        if (_options.Credentials is { } credentials)
        {
            message.Headers.Authorization = credentials.ToBasicHeader();
        }

        // /v1/status answers at once on a healthy server; a hung one must not hold `check` for the 300 s upload window.
        var window = _options.ReadWindow;
        using var watchdog = new StallWatchdog(window, cancellationToken, _timeProvider);
        Requests.Count(RequestKind.Preflight, "GET /" + relativeUri);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw watchdog.Fired
                ? new NexusRequestException(NexusFailureKind.Timeout, $"Nexus at {Host} did not answer {relativeUri} within {window.TotalSeconds:0} s.", inner: e)
                : TransportErrors.Classify(e, context, _options.Tls.LastRejection);
        }

        using (response)
        {
            _logger.LogDebug("GET {Path} -> {Status} in {Elapsed:0} ms", relativeUri, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var server = response.Headers.Server.Count > 0 ? response.Headers.Server.ToString() : null;
            if (response.IsSuccessStatusCode)
            {
                // Nexus answers its status endpoints with an empty body; a page means something else answered.
                return new NexusProbe((int)response.StatusCode, server, NotNexus.IsHtml(response) ? NotNexus.Answered(Host, response, "GET /" + relativeUri) : null);
            }

            var body = await ReadErrorBodyAsync(response, watchdog.Token);
            return new NexusProbe((int)response.StatusCode, server, ResponseClassifier.Classify((int)response.StatusCode, body, RetryAfter(response, _timeProvider.GetUtcNow()), context));
        }
    }

    /// <summary><c>GET /service/rest/v1/repositories</c>: the repositories the caller may browse (nexus-contract.md §5.3).</summary>
    public async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(CancellationToken cancellationToken)
    {
        var list = await GetJsonAsync("service/rest/v1/repositories", NexusJsonContext.Default.ListRepositoryXo, Context(null, null, isUpload: false), cancellationToken);
        return (list ?? []).Select(xo => new RepositoryInfo(xo.Name ?? "?", xo.Format ?? "?", xo.Type ?? "?", xo.Url)).ToList();
    }

    /// <summary>A REST document, or null when Nexus answers 404. 401/403 throw (the caller decides whether that matters).</summary>
    public async Task<T?> GetRestAsync<T>(string relativeUri, JsonTypeInfo<T> type, string? repository, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await GetJsonAsync(relativeUri, type, Context(repository, null, isUpload: false), cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a content path (<c>/repository/&lt;repo&gt;/&lt;path&gt;</c>, nexus-contract.md §4) with <paramref name="read"/>;
    /// null when the path is absent. Transient failures are retried; the reader runs inside each attempt.
    /// </summary>
    public async Task<T?> ReadContentAsync<T>(string repository, string path, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class =>
        await _pipeline.ExecuteAsync(
            async token =>
            {
                var context = Context(repository, path, isUpload: false);
                using var message = new HttpRequestMessage(HttpMethod.Get, NexusUrl.Content(repository, path));
                using var watchdog = new StallWatchdog(_options.ReadWindow, token, _timeProvider);
                try
                {
                    using var response = await SendOnceAsync(message, context, watchdog, token);
                    await using var body = await response.Content.ReadAsStreamAsync(watchdog.Token);
                    return await read(body, watchdog.Token);
                }
                catch (NexusRequestException e) when (e.StatusCode == 404)
                {
                    return null;
                }
            },
            cancellationToken);
}

/// <summary>What one un-retried GET got back: the status, the <c>Server</c> header, and the classified failure when not 2xx.</summary>
internal sealed record NexusProbe(int Status, string? Server, NexusRequestException? Failure);
