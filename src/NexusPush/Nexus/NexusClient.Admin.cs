using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace NexusPush.Nexus;

/// <summary>
/// The provisioning requests behind <c>setup</c> and <c>client-config</c>: read a blob store or repository's
/// settings, create or replace them (docs/nexus-contract.md §9), and read a repository the way a client machine
/// would (§10). Bodies are never logged: they carry secrets.
/// </summary>
internal sealed partial class NexusClient
{
    /// <summary>The anonymous probe is a HEAD a healthy server answers at once; it must not wait out the upload window.</summary>
    private static readonly TimeSpan AnonymousProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The write policies the preflight could read, for this run's conflict hints.</summary>
    internal WritePolicies WritePolicies { get; } = new();

    /// <summary>A settings document (<c>GET /service/rest/v1/…</c>), or null when Nexus answers 404. Retried like any read.</summary>
    public async Task<JsonObject?> GetSettingsAsync(string relativeUri, string? repository, CancellationToken cancellationToken) =>
        (JsonObject?)await GetSettingsNodeAsync(relativeUri, repository, node => node is JsonObject, "an object", cancellationToken);

    /// <summary>A list of settings documents (<c>GET /service/rest/v1/blobstores</c>), or null when Nexus answers 404.</summary>
    public async Task<JsonArray?> GetSettingsListAsync(string relativeUri, CancellationToken cancellationToken) =>
        (JsonArray?)await GetSettingsNodeAsync(relativeUri, null, node => node is JsonArray, "a list", cancellationToken);

    private async Task<JsonNode?> GetSettingsNodeAsync(string relativeUri, string? repository, Func<JsonNode?, bool> expected, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    using var message = new HttpRequestMessage(HttpMethod.Get, relativeUri);
                    using var watchdog = new StallWatchdog(_options.ResponseTimeout, token, _timeProvider);
                    using var response = await SendOnceAsync(message, Context(repository, null, isUpload: false), watchdog, token);
                    var text = await response.Content.ReadAsStringAsync(watchdog.Token);
                    try
                    {
                        var node = JsonNode.Parse(text);
                        return expected(node)
                            ? node
                            : throw new NexusRequestException(NexusFailureKind.Rejected, $"Nexus at {Host} answered {relativeUri} with a JSON document that is not {what}; is a proxy in the way?", (int)response.StatusCode);
                    }
                    catch (JsonException e)
                    {
                        throw new NexusRequestException(NexusFailureKind.Rejected, $"Nexus at {Host} answered {relativeUri} with something that is not JSON; is a proxy in the way?", (int)response.StatusCode, inner: e);
                    }
                },
                cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// POST (create) or PUT (replace) a settings document, once: a create repeated after a lost answer would fail as
    /// "already exists", and the next <c>setup</c> run reads back and finishes the job anyway.
    /// </summary>
    public async Task SendSettingsAsync(HttpMethod method, string relativeUri, JsonObject body, string? repository, CancellationToken cancellationToken)
    {
        var context = Context(repository, null, isUpload: false);
        using var message = new HttpRequestMessage(method, relativeUri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (_options.Credentials is { } credentials)
        {
            message.Headers.Authorization = credentials.ToBasicHeader();
        }

        using var watchdog = new StallWatchdog(_options.ResponseTimeout, cancellationToken, _timeProvider);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token);
        }
        catch (Exception e) when (e is not NexusRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw watchdog.Fired
                ? new NexusRequestException(NexusFailureKind.Timeout, $"Nexus at {Host} did not answer {method} {relativeUri} within {_options.ResponseTimeout.TotalSeconds:0} s.", inner: e)
                : TransportErrors.Classify(e, context, _options.Tls.LastRejection);
        }

        using (response)
        {
            _logger.LogDebug("{Method} {Path} -> {Status}", method, relativeUri, (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var text = await ReadErrorBodyAsync(response, watchdog.Token);
            var status = (int)response.StatusCode;
            if (status is 400 or 422)
            {
                // The classifier words a 400 for uploads; here Nexus refused settings, and its validation messages
                // ("Name is already used", "must not be null") say why.
                var messages = ResponseClassifier.ExtractMessages(text);
                var reason = messages.Count > 0 ? string.Join("; ", messages) : ResponseClassifier.FirstLine(text);
                throw new NexusRequestException(NexusFailureKind.Rejected, $"Nexus refused the settings ({status}): {(reason.Length > 0 ? reason.TrimEnd('.') : "no reason given")}.", status);
            }

            throw ResponseClassifier.Classify(status, text, RetryAfter(response, _timeProvider.GetUtcNow()), context);
        }
    }

    /// <summary>The bytes of a content path (<c>/repository/&lt;repo&gt;/&lt;path&gt;</c>), or null when absent.</summary>
    public Task<byte[]?> ReadContentBytesAsync(string repository, string path, CancellationToken cancellationToken) =>
        ReadContentAsync<byte[]>(
            repository,
            path,
            async (stream, token) =>
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, token);
                return copy.ToArray();
            },
            cancellationToken);

    /// <summary>
    /// Whether a client without credentials may read <paramref name="repository"/>: a HEAD on a path no one stores,
    /// sent without the Authorization header, answers 404 when anonymous read is allowed and 401/403 when not.
    /// Null when the answer says neither.
    /// </summary>
    public async Task<bool?> AnonymousMayReadAsync(string repository, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Head, NexusUrl.Content(repository, "/.nexus-push-anonymous-probe"));
        using var watchdog = new StallWatchdog(_options.ResponseTimeout < AnonymousProbeTimeout ? _options.ResponseTimeout : AnonymousProbeTimeout, cancellationToken, _timeProvider);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token);
            return (int)response.StatusCode switch
            {
                404 or 200 => true,
                401 or 403 => false,
                _ => null,
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>storage.writePolicy</c> of a hosted repository (<c>GET /service/rest/v1/repositories/{format}/hosted/{name}</c>),
    /// read with one request and no retries; null on any failure. Nexus answers 403 unless the user may administer
    /// the repository, so a failure here is the usual case and says nothing about the run.
    /// </summary>
    public async Task<string?> TryReadWritePolicyAsync(string format, string repository, CancellationToken cancellationToken)
    {
        if (Requests.Limit is not null)
        {
            return null; // Under --max-requests the budget goes to the uploads, not to a better hint.
        }

        var path = $"service/rest/v1/repositories/{Uri.EscapeDataString(format.ToLowerInvariant())}/hosted/{Uri.EscapeDataString(repository)}";
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        if (_options.Credentials is { } credentials)
        {
            message.Headers.Authorization = credentials.ToBasicHeader();
        }

        using var watchdog = new StallWatchdog(_options.ReadWindow, cancellationToken, _timeProvider);
        try
        {
            Count(message);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, watchdog.Token);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogDebug("GET {Path} -> {Status}: write policy of {Repository} unknown", path, (int)response.StatusCode, repository);
                return null;
            }

            var settings = JsonNode.Parse(await response.Content.ReadAsStringAsync(watchdog.Token));
            var policy = settings?["storage"]?["writePolicy"]?.GetValueKind() == JsonValueKind.String ? settings["storage"]!["writePolicy"]!.GetValue<string>() : null;
            _logger.LogDebug("GET {Path} -> {Status}: write policy of {Repository} is {Policy}", path, (int)response.StatusCode, repository, policy ?? "not stated");
            return policy;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or InvalidOperationException or RequestBudgetExhaustedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug("GET {Path} failed: {Error}; write policy of {Repository} unknown", path, e.Message, repository);
            return null;
        }
    }
}
