namespace NexusPush.Nexus;

/// <summary>Counting every request the client sends, by what it is for (the report's <c>requests</c>).</summary>
internal sealed partial class NexusClient
{
    /// <summary>The run's request counts and its <c>--max-requests</c> budget.</summary>
    public RequestCounter Requests { get; } = new();

    /// <summary>What a request is for, from its method and URI; the preflight's own requests are recognised by their endpoints.</summary>
    internal static RequestKind KindOf(HttpRequestMessage message)
    {
        var path = message.RequestUri?.OriginalString.Split('?')[0].TrimStart('/') ?? string.Empty;
        if (message.Method == HttpMethod.Post)
        {
            return RequestKind.Upload;
        }

        if (message.Method == HttpMethod.Head)
        {
            return path.EndsWith(Preflight.NexusPreflight.ReadProbePath, StringComparison.Ordinal) ? RequestKind.Preflight : RequestKind.Head;
        }

        return path switch
        {
            "service/rest/v1/assets" => RequestKind.Listing,
            "service/rest/v1/components" or "service/rest/v1/search" or "service/rest/v1/search/assets" => RequestKind.Search,
            _ when path.StartsWith("service/rest/", StringComparison.Ordinal) => RequestKind.Preflight,
            _ => RequestKind.Listing, // a content read: --wait-index reading a repository's index
        };
    }

    private void Count(HttpRequestMessage message) =>
        Requests.Count(KindOf(message), $"{message.Method} /{message.RequestUri?.OriginalString.Split('?')[0].TrimStart('/')}");
}
