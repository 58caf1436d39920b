namespace NexusPush.Nexus;

/// <summary>
/// Recognises answers that cannot have come from Nexus: an HTML page where Nexus answers JSON, nothing, or a stored
/// file with its SHA-1 ETag. A reverse proxy or SSO gateway that serves a login page with 200 to every request
/// must never count as "stored", "identical" or "credentials accepted".
/// </summary>
internal static class NotNexus
{
    /// <summary>True when the answer is an HTML page (a login form, a proxy's error or portal page).</summary>
    public static bool IsHtml(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type &&
        (type.Equals("text/html", StringComparison.OrdinalIgnoreCase) || type.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>"host answered 200 text/html to the upload: not Nexus; …" — a configuration problem: every further request would get the same page.</summary>
    public static NexusRequestException Answered(string host, HttpResponseMessage response, string request) =>
        new(NexusFailureKind.Configuration, $"The server at {host} answered {Describe(response)} to {request}: not Nexus; is a proxy or login page in the way? Check --url.", (int)response.StatusCode);

    /// <summary>
    /// A components upload succeeds only with Nexus's own answer, 204 No Content with an empty body. Any other 2xx
    /// comes from something else (a proxy, a gateway), and says nothing about whether the file is stored.
    /// </summary>
    public static NexusRequestException UnexpectedUploadAnswer(string host, HttpResponseMessage response) =>
        IsHtml(response)
            ? Answered(host, response, "the upload")
            : new(NexusFailureKind.Rejected, $"The server at {host} answered {Describe(response)} to the upload instead of Nexus's 204 No Content: not Nexus; is a proxy in the way? The file may or may not be stored; a re-run compares it.", (int)response.StatusCode);

    private static string Describe(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type ? $"{(int)response.StatusCode} {type}" : $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
}
