using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Reliability;

/// <summary>What the alert names besides the counts.</summary>
/// <param name="Verb">upload, sync-dir, replay.</param>
/// <param name="NexusUrl">As configured; credentials are stripped before use.</param>
/// <param name="FallbackDir">The fallback folder, when one was given.</param>
/// <param name="CiContext">What the CI gave with --alert-context (the build's URL, say), appended as given.</param>
internal sealed record AlertContext(string Verb, string? NexusUrl, string? FallbackDir, string? CiContext = null);

/// <summary>
/// <c>--alert-webhook URL</c>: when a run ends with exit 4 or 5, POST <c>{"text": "…"}</c> naming the counts,
/// the host and the fallback folder. A failing webhook is reported on stderr and never changes the exit code. The
/// message holds nothing secret: no password, no credentials from the Nexus URL, not even the webhook URL.
/// </summary>
internal sealed class AlertWebhook(string url, AlertContext context, TextWriter stderr, bool quiet) : IRunObserver
{
    /// <value>How long the POST may take; the build is waiting.</value>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    internal Func<HttpMessageHandler> CreateHandler { get; init; } = () => new SocketsHttpHandler { UseCookies = false, ConnectTimeout = Timeout };

    public void ItemFinished(ItemResult result)
    {
    }

    public void RunFinished(RunSummary summary)
    {
        if (summary.ExitCode is not (ExitCodes.ItemsFailed or ExitCodes.SavedToFallback))
        {
            return;
        }

        // RunFinished is synchronous (observers stream); the run is over, so waiting here costs nothing but the POST.
        var failure = SendAsync(Message(summary)).GetAwaiter().GetResult();
        if (failure is not null && !quiet)
        {
            var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "?";
            stderr.WriteLine($"[WRN] The alert webhook at {host} failed ({failure}); the exit code is unchanged.");
        }
    }

    internal string Message(RunSummary summary)
    {
        var nexus = context.NexusUrl is not null && NexusUrl.TryParseBase(context.NexusUrl, out var baseUrl, out _) ? baseUrl.ToString() : "(no URL)";
        var parts = new List<string>
        {
            $"{summary.Count(ItemAction.Uploaded)} uploaded",
            $"{summary.Count(ItemAction.Skipped)} skipped",
            $"{summary.Count(ItemAction.Failed)} failed",
        };
        if (summary.Count(ItemAction.Fallback) > 0 || context.FallbackDir is not null)
        {
            parts.Add($"{summary.Count(ItemAction.Fallback)} saved to the fallback folder {(context.FallbackDir is null ? "(none)" : Path.GetFullPath(context.FallbackDir))}");
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"nexus-push {context.Verb} on {Environment.MachineName} ended with exit {summary.ExitCode}: {string.Join(", ", parts)} (Nexus {nexus}).");

        // The usage limit needs someone to act (a licence, or a slower migration): the alert says so.
        if (summary.UsageLimitRefusal is { } refusal)
        {
            text = $"{text} {UsageLimitSentence.For(refusal, summary)}";
        }

        // The CI's link (the build's page) comes last, where a chat client shows it as the message's link.
        return string.IsNullOrWhiteSpace(context.CiContext) ? text : $"{text} {ControlChars.Escape(context.CiContext.Trim())}";
    }

    /// <returns>Null on success, else why it failed.</returns>
    private async Task<string?> SendAsync(string text)
    {
        try
        {
            using var http = new HttpClient(CreateHandler()) { Timeout = Timeout };
            // Serialised up front, not streamed: the POST carries a Content-Length, which some webhook receivers and
            // proxies require (a chunked body is refused or read as empty).
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new AlertMessage(text), ReliabilityJsonContext.Default.AlertMessage));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await http.PostAsync(new Uri(url), content);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return e.Message.Split('\n')[0].Replace(url, "<webhook>", StringComparison.Ordinal);
        }
    }
}
