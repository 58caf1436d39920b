using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NexusPush.Formats;
using NexusPush.LocalFiles;
using Polly;

namespace NexusPush.Nexus;

/// <summary>
/// The typed HttpClient for Nexus's REST and content endpoints. Every call goes through the one retry pipeline;
/// every failure leaves as a <see cref="NexusRequestException"/> whose message says what to do.
/// </summary>
internal sealed partial class NexusClient
{
    private const int MaxErrorBody = 64 * 1024;

    /// <summary>Bodies from this size up wait for "100 Continue" before sending (see <see cref="UploadAsync"/>).</summary>
    internal const long ExpectContinueFromBytes = 1 << 20;
    private readonly HttpClient _http;
    private readonly NexusOptions _options;
    private readonly ILogger<NexusClient> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;

    public NexusClient(HttpClient http, NexusOptions options, ILogger<NexusClient> logger, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _http = http;
        _options = options;
        _logger = logger;
        Breaker = new RunCircuitBreaker(CircuitBreakerSettings.For(options), ProbeStatusAsync, timeProvider, logger, options.BaseUrl.Authority, $"{options.BaseUrl.Host}:{options.BaseUrl.Port}");
        _pipeline = NexusRetryPipeline.Create(options, timeProvider, logger, Breaker);
    }

    public string Host => _options.BaseUrl.Authority;

    /// <summary>The run-wide breaker: one client per run, shared by all workers.</summary>
    internal RunCircuitBreaker Breaker { get; }

    /// <summary>
    /// <c>POST /service/rest/v1/components?repository=…</c> (nexus-contract.md §2), the file streamed from disk and hashed on
    /// the way. When an attempt fails after the whole body went out, the next attempt first asks Nexus (HEAD) whether it
    /// stored the file anyway, so a retry never trips ALLOW_ONCE on our own upload (§2.4, §2.5).
    /// </summary>
    public async Task<UploadReceipt> UploadAsync(UploadRequest request, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var context = Context(request.Repository, request.PredictedPath, isUpload: true);
        var attempts = 0;
        FileDigest? sentInFull = null;
        UploadReceipt? receipt = null;

        // Opened before the first attempt, outside the retry and the breaker: a file gone or replaced since the scan is
        // that file's failure (FileChangedException), not a request to Nexus that failed.
        FileStream? firstOpen = FileDigest.Open(request.LocalPath, request.Identity, FileReadPurpose.Upload);
        try
        {
            await UploadAttemptsAsync();
        }
        finally
        {
            firstOpen?.Dispose();
        }

        return receipt!;

        Task UploadAttemptsAsync() => _pipeline.ExecuteAsync(
            async token =>
            {
                attempts++;
                if (sentInFull is not null && request.PredictedPath is not null)
                {
                    // Only Nexus's own checksum proves the earlier attempt stored the file; without one (no ETag, or
                    // a user who may not read, 403) the file is sent again and an ALLOW_ONCE refusal is checked then.
                    var stored = await HeadForRetryAsync(request.Repository, request.PredictedPath, token);
                    if (stored?.Sha1 is not null && string.Equals(stored.Sha1, sentInFull.Sha1, StringComparison.OrdinalIgnoreCase))
                    {
                        _logger.LogInformation("Nexus stored {Path} during the failed attempt; not sending it again", request.PredictedPath);
                        receipt = new UploadReceipt(attempts, sentInFull, FoundAfterFailedAttempt: true);
                        return;
                    }
                }

                using var watchdog = new StallWatchdog(_options.StallTimeout, token, _timeProvider);
                var source = firstOpen ?? FileDigest.Open(request.LocalPath, request.Identity, FileReadPurpose.Upload);
                firstOpen = null;
                using var file = new FileUploadContent(source, request.LocalPath, request.Length, watchdog.Touch, progress, onSent: () => watchdog.Reset(_options.ResponseTimeout));
                using var form = BuildMultipart(request.Form, file);
                using var message = new HttpRequestMessage(HttpMethod.Post, "service/rest/v1/components?repository=" + Uri.EscapeDataString(request.Repository)) { Content = form };

                // §2.3: with 100-continue Nexus rejects auth/repository problems before a large body is sent. A small
                // body costs less to send than the extra round trip (up to a second behind proxies that never answer 100).
                message.Headers.ExpectContinue = request.Length >= ExpectContinueFromBytes;
                try
                {
                    using var response = await SendOnceAsync(message, context, watchdog, cancellationToken);
                    if (response.StatusCode != HttpStatusCode.NoContent)
                    {
                        throw NotNexus.UnexpectedUploadAnswer(Host, response);
                    }

                    receipt = new UploadReceipt(attempts, file.SentDigest ?? throw new InvalidOperationException("Upload finished without sending the whole file."), false);
                }
                catch (NexusRequestException) when (file.SentDigest is not null)
                {
                    sentInFull = file.SentDigest;
                    throw;
                }
            },
            cancellationToken).AsTask();
    }

    /// <summary>
    /// <c>HEAD /repository/&lt;repo&gt;&lt;path&gt;</c> (nexus-contract.md §4): null when absent (404), else the asset with its
    /// SHA-1 from the ETag.
    /// </summary>
    public Task<RemoteAsset?> HeadAsync(string repository, string path, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async token => await HeadOnceAsync(repository, path, token), cancellationToken).AsTask();

    /// <summary>Every asset of a repository, page by page (nexus-contract.md §5.1: 10 or 100 per page, paths with or without a leading '/').</summary>
    public async IAsyncEnumerable<RemoteAsset> ListAssetsAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = Context(repository, null, isUpload: false);
        string? continuation = null;
        long listed = 0;
        do
        {
            var uri = "service/rest/v1/assets?repository=" + Uri.EscapeDataString(repository) +
                      (continuation is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
            var page = await GetJsonAsync(uri, NexusJsonContext.Default.AssetPage, context, cancellationToken)
                ?? throw new NexusRequestException(NexusFailureKind.Rejected, $"Nexus answered the asset listing of repository '{repository}' with an empty document.");
            foreach (var item in page.Items ?? [])
            {
                if (string.IsNullOrEmpty(item.Path))
                {
                    continue;
                }

                string? Checksum(string name) => item.Checksum is not null && item.Checksum.TryGetValue(name, out var value) ? value : null;
                yield return new RemoteAsset("/" + item.Path.TrimStart('/'), Checksum("sha1"), Checksum("sha256"), item.FileSize);
            }

            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
            listed += page.Items?.Count ?? 0;
            Listings.SawPage(page.Items?.Count ?? 0, continuation is not null);
        }
        while (continuation is not null);

        Listings.SawWhole(repository, listed);
    }

    /// <summary><c>GET /service/rest/v1/repositories/{name}</c> (3.38+, nexus-contract.md §5.3); null when it does not exist.</summary>
    public async Task<RepositoryInfo?> GetRepositoryAsync(string name, CancellationToken cancellationToken)
    {
        var context = Context(name, null, isUpload: false);
        try
        {
            var xo = await GetJsonAsync("service/rest/v1/repositories/" + Uri.EscapeDataString(name), NexusJsonContext.Default.RepositoryXo, context, cancellationToken);
            return xo is null ? null : new RepositoryInfo(xo.Name ?? name, xo.Format ?? "?", xo.Type ?? "?", xo.Url);
        }
        catch (NexusRequestException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>GET /service/rest/v1/status</c> without credentials (nexus-contract.md §5.4: no auth needed, bad credentials would
    /// only earn a 401): true when Nexus answers anything but 5xx or 429.
    /// </summary>
    private async Task<bool> ProbeStatusAsync(CancellationToken cancellationToken)
    {
        using var watchdog = new StallWatchdog(_options.ReadWindow, cancellationToken, _timeProvider);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, "service/rest/v1/status");
            Requests.Count(RequestKind.StatusProbe, "the status probe");
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token);
            _logger.LogDebug("GET service/rest/v1/status -> {Status}", (int)response.StatusCode);
            return (int)response.StatusCode is < 500 and not 429;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            _logger.LogDebug("GET service/rest/v1/status failed: {Error}", e.Message);
            return false;
        }
    }

    private async Task<RemoteAsset?> HeadOnceAsync(string repository, string path, CancellationToken cancellationToken)
    {
        var context = Context(repository, path, isUpload: false);
        using var message = new HttpRequestMessage(HttpMethod.Head, NexusUrl.Content(repository, path));
        using var watchdog = new StallWatchdog(_options.ReadWindow, cancellationToken, _timeProvider);
        try
        {
            using var response = await SendOnceAsync(message, context, watchdog, cancellationToken);
            var etag = response.Headers.ETag?.Tag.Trim('"');
            if (etag is null && NotNexus.IsHtml(response))
            {
                throw NotNexus.Answered(Host, response, $"HEAD {NexusUrl.Content(repository, path)}");
            }

            return new RemoteAsset(path, etag, null, response.Content.Headers.ContentLength);
        }
        catch (NexusRequestException e) when (e.StatusCode == 404)
        {
            // §1.1: content endpoints put the reason in the status line: "Repository not found" vs the missing path.
            if (e.Message.Contains("Repository not found", StringComparison.OrdinalIgnoreCase))
            {
                throw new NexusRequestException(NexusFailureKind.Configuration, $"Repository '{repository}' does not exist on {Host} (404); check the repository name.", 404);
            }

            return null;
        }
    }

    /// <summary>HEAD in the retry of an upload: a 403 means "cannot tell", not "stop the run".</summary>
    private async Task<RemoteAsset?> HeadForRetryAsync(string repository, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await HeadOnceAsync(repository, path, cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            _logger.LogDebug("Cannot check whether the failed attempt stored {Path}: {Error}", path, e.Message);
            return null;
        }
    }

    private async Task<T?> GetJsonAsync<T>(string uri, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, NexusRequestContext context, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async token =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, uri);
                using var watchdog = new StallWatchdog(_options.ReadWindow, token, _timeProvider);
                using var response = await SendOnceAsync(message, context, watchdog, cancellationToken);
                if (NotNexus.IsHtml(response))
                {
                    throw NotNexus.Answered(Host, response, uri.Split('?')[0]);
                }

                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(watchdog.Token);
                    return await JsonSerializer.DeserializeAsync(body, type, watchdog.Token);
                }
                catch (JsonException e)
                {
                    throw new NexusRequestException(NexusFailureKind.Rejected, $"Nexus at {Host} answered {uri.Split('?')[0]} with something that is not the expected JSON ({e.Message.Split('.')[0]}); is a proxy in the way?", (int)response.StatusCode, inner: e);
                }
            },
            cancellationToken);

    /// <summary>One request, no retry: success returns the response, anything else throws a classified <see cref="NexusRequestException"/>.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage message, NexusRequestContext context, StallWatchdog watchdog, CancellationToken cancellationToken)
    {
        if (_options.Credentials is { } credentials)
        {
            message.Headers.Authorization = credentials.ToBasicHeader();
        }

        Count(message);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token);
        }
        catch (Exception e) when (e is not NexusRequestException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug("{Method} {Path} failed after {Elapsed} ms: {Error}", message.Method, message.RequestUri, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
            if (watchdog.Fired)
            {
                throw new NexusRequestException(NexusFailureKind.Timeout, $"Nexus at {Host} stalled: nothing moved for {watchdog.Window.TotalSeconds:0.#} s.", inner: e);
            }

            throw TransportErrors.Classify(e, context, _options.Tls.LastRejection);
        }

        _logger.LogDebug("{Method} {Path} -> {Status} in {Elapsed:0} ms", message.Method, message.RequestUri, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response, watchdog.Token);
            if (string.IsNullOrEmpty(body) && response.ReasonPhrase is { } reason && !string.Equals(reason, ReasonPhraseFor(response.StatusCode), StringComparison.OrdinalIgnoreCase))
            {
                body = reason; // §1.1: content endpoints carry the message in the reason phrase.
            }

            throw ResponseClassifier.Classify((int)response.StatusCode, body, RetryAfter(response, _timeProvider.GetUtcNow()), context);
        }
    }

    private static MultipartFormDataContent BuildMultipart(ComponentForm form, HttpContent file)
    {
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields)
        {
            multipart.Add(new StringContent(value), Quote(name));
        }

        multipart.Add(file, Quote(form.FilePart), Quote(form.PartFileName));
        return multipart;
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "%22", StringComparison.Ordinal) + "\"";

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBody];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return string.Empty; // The status alone still says enough.
        }
    }

    /// <summary>Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3), relative to <paramref name="now"/>.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string ReasonPhraseFor(HttpStatusCode status) =>
        new HttpResponseMessage(status).ReasonPhrase ?? string.Empty;

    private NexusRequestContext Context(string? repository, string? path, bool isUpload) =>
        new(Host, repository, path, _options.Credentials?.Username, isUpload);
}
