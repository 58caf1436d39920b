using System.Security.Cryptography;
using System.Text.Json;
using NexusPush.Formats;
using NexusPush.Tests.Support;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace NexusPush.Tests.Sync;

/// <summary>
/// A WireMock Nexus with one hosted NuGet repository, <c>nuget-h</c>. An upload is stored as the component
/// (id, version) read from the package, at a path of Nexus's own choosing that no file name predicts. The search
/// (<c>/v1/search</c>) and the components listing (<c>/v1/components</c>, paged) answer ComponentXO with the asset's
/// SHA-1; the search matches the id case-insensitively, as Nexus does. Write policy ALLOW_ONCE by default: a second
/// upload of a stored id and version is refused (<see cref="RefusalStatus"/>).
/// </summary>
internal sealed class NuGetNexus : IDisposable
{
    public const string Repository = "nuget-h";
    private readonly Lock _gate = new();
    private readonly List<(string Id, string Version, byte[] Content)> _components = [];

    public NuGetNexus()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingPost()).RespondWith(Response.Create().WithCallback(Upload));
        Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingGet()).RespondWith(Response.Create().WithCallback(r => Page(r, search: false)));
        Server.Given(Request.Create().WithPath("/service/rest/v1/search").UsingGet()).RespondWith(Response.Create().WithCallback(r => Page(r, search: true)));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/repository/*")).UsingMethod("HEAD", "GET")).RespondWith(Response.Create().WithStatusCode(404));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/service/rest/v1/status*")).UsingGet()).RespondWith(Response.Create().WithStatusCode(200));
        Server.Given(Request.Create().WithPath($"/service/rest/v1/repositories/{Repository}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$$"""{"name":"{{{Repository}}}","format":"nuget","type":"hosted","url":"x"}"""));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Urls[0] + "/";

    /// <value>False: ALLOW, a second upload replaces the stored package.</value>
    public bool AllowOnce { get; set; } = true;

    /// <value>How ALLOW_ONCE refuses: 400 with the ≤ 3.70 message (default), or 409 as 3.96 answers.</value>
    public int RefusalStatus { get; set; } = 400;

    /// <value>False: the search index has not caught up, it lists nothing (as for ~2 s after an upload on 3.96).</value>
    public bool SearchCurrent { get; set; } = true;

    /// <value>False: the user may add but not browse; the search and the component listing answer 403.</value>
    public bool Browsable { get; set; } = true;

    /// <value>Components per listing page.</value>
    public int PageSize { get; set; } = 2;

    public int Posts => Server.LogEntries.Count(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path == "/service/rest/v1/components");

    public int Gets(string path) => Server.LogEntries.Count(e => e.RequestMessage!.Method == "GET" && e.RequestMessage.Path == path);

    /// <summary>What an earlier upload left: a component spelled as <paramref name="id"/>.</summary>
    public void Store(string id, string version, byte[] content)
    {
        lock (_gate)
        {
            _components.Add((id, version, content));
        }
    }

    public void Dispose() => Server.Stop();

#pragma warning disable CA5350 // Nexus's checksum of record is SHA-1; the fake must speak it.
    private static string Sha1(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

    private static string PathOf(string id, string version) => $"/{id.ToLowerInvariant()}/{version}";

    private ResponseMessage Upload(IRequestMessage request)
    {
        var parts = MultipartBody.Parse(request.Headers!["Content-Type"].ToString(), request.BodyAsBytes!);
        var file = parts.Single(p => p.FileName is not null);
        using var dir = new TempDir();
        var package = FormatDetector.Detect(dir.Write("upload.nupkg", file.Content)).Package!;
        lock (_gate)
        {
            var index = _components.FindIndex(c => string.Equals(c.Id, package.Name, StringComparison.OrdinalIgnoreCase) && c.Version == package.Version);
            if (index >= 0 && AllowOnce)
            {
                return new ResponseMessage
                {
                    StatusCode = RefusalStatus,
                    BodyData = new BodyData
                    {
                        DetectedBodyType = BodyType.String,
                        BodyAsString = RefusalStatus == 400
                            ? $"ValidationErrorXO{{id='*', message='Repository does not allow updating assets: {Repository}'}}"
                            : $"ValidationErrorXO{{id='*', message='{PathOf(package.Name, package.Version)} cannot be updated'}}",
                    },
                };
            }

            if (index >= 0)
            {
                _components.RemoveAt(index);
            }

            _components.Add((package.Name, package.Version, file.Content));
        }

        return new ResponseMessage { StatusCode = 204 };
    }

    private ResponseMessage Page(IRequestMessage request, bool search)
    {
        if (!Browsable)
        {
            return new ResponseMessage { StatusCode = 403 };
        }

        string? Query(string key) => request.Query!.TryGetValue(key, out var value) ? value.ToString() : null;
        var offset = Query("continuationToken") is { } token ? int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) : 0;
        List<(string Id, string Version, byte[] Content)> matching;
        lock (_gate)
        {
            matching = [.. _components.Where(c => !search || (SearchCurrent
                && string.Equals(c.Id, Query("nuget.id"), StringComparison.OrdinalIgnoreCase)
                && string.Equals(c.Version, Query("version"), StringComparison.OrdinalIgnoreCase)))];
        }

        var page = matching.Skip(offset).Take(PageSize).Select(c => new
        {
            id = Guid.NewGuid().ToString("N"),
            repository = Repository,
            format = "nuget",
            name = c.Id,
            version = c.Version,
            assets = new[] { new { path = PathOf(c.Id, c.Version), checksum = new { sha1 = Sha1(c.Content) } } },
        }).ToList();
        var next = offset + PageSize < matching.Count ? (offset + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var body = JsonSerializer.Serialize(new { items = page, continuationToken = next });
        var response = new ResponseMessage { StatusCode = 200, BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body } };
        response.AddHeader("Content-Type", "application/json");
        return response;
    }
}
