namespace NexusPush.Nexus;

/// <summary>Counting every request the client sends, by what it is for (the report's <c>requests</c>).</summary>
internal sealed partial class NexusClient
{
    /// <summary>The run's request counts and its <c>--max-requests</c> budget.</summary>
    public RequestCounter Requests { get; } = new();

    /// <summary>What the asset listings read so far showed: page size and repository sizes, to foresee a listing's cost.</summary>
    public ListingStats Listings { get; } = new();

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
            return path.EndsWith(ReadProbePath, StringComparison.Ordinal) ? RequestKind.Preflight : RequestKind.Head;
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

/// <summary>The page size Nexus uses for listings and the size of each repository read to its end.</summary>
internal sealed class ListingStats
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _assets = new(StringComparer.Ordinal);
    private int _pageSize;

    /// <summary>Assets per page, once a page followed by another showed it; else 10, the smallest Nexus uses (nexus-contract.md §5.1).</summary>
    public int PageSize
    {
        get
        {
            lock (_gate)
            {
                return _pageSize > 0 ? _pageSize : 10;
            }
        }
    }

    /// <summary>Assets the last whole read of <paramref name="repository"/> listed; 0 before one.</summary>
    public long AssetsOf(string repository)
    {
        lock (_gate)
        {
            return _assets.GetValueOrDefault(repository);
        }
    }

    /// <summary>Requests a whole read of a repository takes once <paramref name="added"/> more assets are in it (a full last page is followed by an empty one).</summary>
    public long PagesFor(string repository, long added) => ((AssetsOf(repository) + added) / PageSize) + 1;

    internal void SawPage(int items, bool more)
    {
        if (more && items > 0)
        {
            lock (_gate)
            {
                _pageSize = Math.Max(_pageSize, items);
            }
        }
    }

    internal void SawWhole(string repository, long assets)
    {
        lock (_gate)
        {
            _assets[repository] = assets;
        }
    }
}
