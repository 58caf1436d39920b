namespace NexusPush.Nexus;

/// <summary>Building and printing Nexus URLs: no double slashes, no credentials ever shown.</summary>
internal static class NexusUrl
{
    /// <summary>Parses a base URL such as <c>https://nexus.example.com/</c> or <c>http://host:8081/nexus</c>.</summary>
    public static bool TryParseBase(string? text, out Uri baseUri, out string? error)
    {
        baseUri = null!;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the Nexus URL is empty";
            return false;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"'{Redact(text)}' is not an http:// or https:// URL";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            error = $"the Nexus URL '{Redact(text)}' must not have a query or fragment";
            return false;
        }

        // Keep any context path (http://host/nexus) and make sure it ends in exactly one '/', so relative
        // request paths never produce '//' and never drop the context path.
        var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty };
        builder.Path = builder.Path.TrimEnd('/') + "/";
        baseUri = builder.Uri;
        return true;
    }

    /// <summary>The user info of a URL like <c>https://user:pass@host/</c>, if any.</summary>
    public static (string User, string Password)? UserInfo(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }

    /// <summary>The text with any <c>user:password@</c> in a URL replaced, safe for logs and messages.</summary>
    public static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }

        var hostStart = scheme + 3;
        var at = text.IndexOf('@', hostStart);
        var slash = text.IndexOf('/', hostStart);
        return at >= 0 && (slash < 0 || at < slash) ? string.Concat(text.AsSpan(0, hostStart), "***@", text.AsSpan(at + 1)) : text;
    }

    /// <summary>Relative URL of the content ("view") endpoint for a stored path: <c>repository/&lt;repo&gt;/&lt;path&gt;</c> (nexus-contract.md §1, §4).</summary>
    public static string Content(string repository, string path) =>
        "repository/" + Uri.EscapeDataString(repository) + "/" + string.Join('/', path.TrimStart('/').Split('/').Select(Uri.EscapeDataString));
}
