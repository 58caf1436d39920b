using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NexusPush.Nexus;

/// <summary>
/// Turns a non-success Nexus answer into one sentence that says what to do, and a kind that decides retry, run
/// stop or item failure. Pure: status, headers and body in, exception out. Shapes per nexus-contract.md §1.1, §2.3, §2.4, §6, §8.
/// </summary>
internal static partial class ResponseClassifier
{
    private const int MaxExcerpt = 200;

    public static NexusRequestException Classify(int status, string? body, TimeSpan? retryAfter, NexusRequestContext context)
    {
        body ??= string.Empty;
        var messages = ExtractMessages(body);
        var text = messages.Count > 0 ? string.Join("; ", messages) : FirstLine(body);

        // Past the Community Edition usage limits Nexus refuses new components with 402/403/409 and a body that
        // begins "PAYMENT REQUIRED: At current usage levels, Sonatype Nexus Repository Community Edition requires a
        // paid license to publish or cache new components" (nexus-contract.md §8); reads keep working.
        if (IsUsageLimitRefusal(status, body))
        {
            return new(NexusFailureKind.UsageLimit, $"Nexus at {context.Host} refuses new components: the Community Edition usage limit is reached ({status} PAYMENT REQUIRED); it accepts uploads again under a Pro licence, or once its usage is back under the limit (requests count over 24 hours; deleting components lowers the count).", status);
        }

        if (body.Contains("EULA", StringComparison.Ordinal) && status is 401 or 403)
        {
            return new(NexusFailureKind.License, $"Nexus at {context.Host} blocks repository access until an administrator accepts the Community Edition EULA (POST /service/rest/v1/system/eula).", status);
        }

        return status switch
        {
            401 => new(NexusFailureKind.Auth, $"Nexus at {context.Host} refused the credentials of {context.UserText} (401); check NEXUS_USERNAME and NEXUS_PASSWORD (or NEXUS_TOKEN).", status),
            403 => new(NexusFailureKind.Auth, $"{Capitalize(context.UserText)} may not use {context.RepositoryText} on {context.Host} (403); grant it read and add/edit on the repository (nx-repository-view-*-{context.Repository ?? "<repo>"}-*).", status),
            404 when context.IsUpload => new(NexusFailureKind.Configuration, $"{Capitalize(context.RepositoryText)} does not exist on {context.Host} (404); check the repository name.", status),
            404 => new(NexusFailureKind.Configuration, $"Nexus at {context.Host} answered 404 Not Found for {context.RepositoryText}; check the URL and the repository name.", status),
            409 => Conflict(context, status),
            413 => new(NexusFailureKind.Rejected, $"The upload is too large for a reverse proxy in front of Nexus at {context.Host} (413 Request Entity Too Large); raise its body size limit (nginx: client_max_body_size).", status),
            415 => new(NexusFailureKind.Rejected, $"Nexus at {context.Host} did not accept the request's content type (415).", status),
            422 => new(NexusFailureKind.Rejected, $"Nexus at {context.Host} could not process the request (422 Unprocessable Entity): {text}".TrimEnd(' ', ':') + ".", status),
            429 when body.Contains("authentication", StringComparison.OrdinalIgnoreCase) =>
                new(NexusFailureKind.Auth, $"Nexus at {context.Host} locked out {context.UserText} after failed logins (429); fix the credentials and wait 15 minutes without retrying.", status),
            429 => new(NexusFailureKind.ServerError, $"Nexus at {context.Host} is rate-limiting requests (429 Too Many Requests).", status, retryAfter),
            408 => new(NexusFailureKind.ServerError, $"Nexus at {context.Host} timed out reading the request (408).", status, retryAfter),
            >= 500 => new(NexusFailureKind.ServerError, $"Nexus at {context.Host} answered {status} {ReasonPhrase(status)}" + (text.Length > 0 ? $": {text}" : "."), status, retryAfter),
            400 => BadRequest(messages, text, context, status),
            _ => new(NexusFailureKind.Rejected, $"Nexus at {context.Host} answered {status} {ReasonPhrase(status)}" + (text.Length > 0 ? $": {text}" : "."), status),
        };
    }

    /// <summary>The usage-limit refusal: "PAYMENT REQUIRED", or a 402/403/409 that speaks of the usage limit or a paid licence.</summary>
    internal static bool IsUsageLimitRefusal(int status, string body) =>
        body.Contains("PAYMENT REQUIRED", StringComparison.OrdinalIgnoreCase)
        || (status is 402 or 403 or 409 && (body.Contains("usage limit", StringComparison.OrdinalIgnoreCase)
            || body.Contains("paid license", StringComparison.OrdinalIgnoreCase) || body.Contains("paid licence", StringComparison.OrdinalIgnoreCase)));

    private static NexusRequestException BadRequest(List<string> messages, string text, NexusRequestContext context, int status)
    {
        bool Any(string fragment) => messages.Any(m => m.Contains(fragment, StringComparison.OrdinalIgnoreCase)) || text.Contains(fragment, StringComparison.OrdinalIgnoreCase);

        if (Any("Not authorized for requested path"))
        {
            return new(NexusFailureKind.Auth, $"{Capitalize(context.UserText)} may not write to {context.RepositoryText} on {context.Host} (400 Not authorized for requested path); grant add and edit on it.", status);
        }

        if (Any("cannot be updated") || Any("does not allow updating assets") || Any("is read-only"))
        {
            return Conflict(context, status, readOnly: Any("is read-only"));
        }

        if (Any("must be 'hosted'"))
        {
            return new(NexusFailureKind.Configuration, $"{Capitalize(context.RepositoryText)} is a proxy or group repository; upload to a hosted repository instead.", status);
        }

        if (Any("repositories is unsupported"))
        {
            return new(NexusFailureKind.Configuration, $"{Capitalize(context.RepositoryText)} has a format that does not accept uploads through the components API ({text}).", status);
        }

        if (Any("Repository offline"))
        {
            return new(NexusFailureKind.Configuration, $"{Capitalize(context.RepositoryText)} is offline; ask an administrator to bring it online.", status);
        }

        // §2.1: another format's field prefix is not stripped, so a file sent to a repository of another
        // format comes back as unknown fields or as no assets at all; say so instead of leaving the operator to guess.
        var wrongFormat = Any("Unknown component field") || Any("No assets found in upload") || Any("Unknown field");
        var reason = text.Length > 0 ? text : "no reason given";
        return wrongFormat
            ? new(NexusFailureKind.Rejected, $"Nexus rejected the upload to {context.RepositoryText} (400): {reason.TrimEnd('.')}; is {context.RepositoryText} of the file's format?", status)
            : new(NexusFailureKind.Rejected, $"Nexus rejected the upload to {context.RepositoryText} (400): {reason}.", status);
    }

    private static NexusRequestException Conflict(NexusRequestContext context, int status, bool readOnly = false)
    {
        var where = context.Path is null ? context.RepositoryText : $"{context.Path} in {context.RepositoryText}";
        return readOnly
            ? new(NexusFailureKind.Conflict, $"{Capitalize(context.RepositoryText)} is read-only (write policy DENY); choose another repository or ask for ALLOW_ONCE.", status)
            : new(NexusFailureKind.Conflict, $"Nexus already holds {where} and does not allow redeploy (write policy ALLOW_ONCE, {status}); bump the version or delete the stored asset first.", status);
    }

    /// <summary>The human messages of a Nexus error body: a validation array, a JSON object, a <c>ValidationErrorXO{…}</c> text or a JSON fault.</summary>
    internal static List<string> ExtractMessages(string body)
    {
        var result = new List<string>();
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                var elements = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
                foreach (var element in elements)
                {
                    if (element.ValueKind == JsonValueKind.Object &&
                        (element.TryGetProperty("message", out var message) || element.TryGetProperty("status-message", out message)) &&
                        message.ValueKind == JsonValueKind.String)
                    {
                        result.Add(Unquote(message.GetString()!));
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all; fall through to the text forms.
            }
        }

        foreach (Match match in ValidationErrorXoText().Matches(body))
        {
            result.Add(Unquote(match.Groups[1].Value));
        }

        return result;
    }

    /// <summary>The first meaningful line of a body: a Java stack's first line, an HTML page's title, capped in length.</summary>
    internal static string FirstLine(string body)
    {
        if (body.Contains("<html", StringComparison.OrdinalIgnoreCase) || body.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            var title = HtmlTitle().Match(body);
            var plain = title.Success ? title.Groups[1].Value : HtmlTag().Replace(body, " ");
            return Cap(Whitespace().Replace(WebUtility.HtmlDecode(plain), " ").Trim());
        }

        var line = body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return Cap(line);
    }

    private static string Cap(string text) => text.Length <= MaxExcerpt ? text : string.Concat(text.AsSpan(0, MaxExcerpt), "…");

    private static string Unquote(string text) => text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    private static string ReasonPhrase(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? SpaceWords().Replace(((HttpStatusCode)status).ToString(), " $1") : string.Empty;

    [GeneratedRegex(@"ValidationErrorXO\{id='[^']*', message='(.*?)'\}", RegexOptions.Singleline)]
    private static partial Regex ValidationErrorXoText();

    [GeneratedRegex(@"<title>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex SpaceWords();
}
