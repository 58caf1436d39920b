using NexusPush.Tests.Support;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace NexusPush.Tests.Sync;

/// <summary>
/// A WireMock Nexus that remembers what it stored: component uploads (raw and yum, nexus-contract.md §2.2, §3) land in an
/// in-memory store that the asset listing (§5.1, paginated, with or without leading '/') and HEAD (§4, SHA-1 ETag)
/// then serve — so a re-run sees what the first run uploaded, as a real server would.
/// </summary>
internal sealed class StatefulNexus : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Repository, string Path), byte[]> _stored = [];
    private readonly List<(string Repository, string Path)> _uploads = [];

    /// <summary>Nexus's ETag and listing checksum are SHA-1 (nexus-contract.md §4): the fake must speak it.</summary>
#pragma warning disable CA5350
    private static string Sha1(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
#pragma warning restore CA5350

    public StatefulNexus()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingPost()).RespondWith(Response.Create().WithCallback(Upload));
        Server.Given(Request.Create().WithPath("/service/rest/v1/assets").UsingGet()).RespondWith(Response.Create().WithCallback(List));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/repository/*")).UsingMethod("HEAD", "GET")).RespondWith(Response.Create().WithCallback(Head));

        // What sync-dir's preflight asks first (nexus-contract.md §5.3, §5.4): Nexus answers; raw-h and yum-h are hosted.
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/service/rest/v1/status*")).UsingGet()).RespondWith(Response.Create().WithCallback(Status));
        foreach (var (name, format) in new[] { ("raw-h", "raw"), ("yum-h", "yum") })
        {
            Server.Given(Request.Create().WithPath($"/service/rest/v1/repositories/{name}").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithBody($$$"""{"name":"{{{name}}}","format":"{{{format}}}","type":"hosted","url":"x"}"""));
        }
    }

    public WireMockServer Server { get; }

    public string Url => Server.Urls[0] + "/";

    /// <value>Assets per listing page: 10 (Nexus ≤ 3.73) or 100 (3.74+).</value>
    public int PageSize { get; set; } = 100;

    /// <value>Listing paths with a leading '/' (datastore, 3.71+) or without (OrientDB, ≤ 3.70).</value>
    public bool LeadingSlash { get; set; } = true;

    /// <value>When set, the listing answers with this status (e.g. 403: browse not granted).</value>
    public int? ListingStatus { get; set; }

    /// <value>When set, the listing answers 200 with this body (e.g. a proxy's HTML page).</value>
    public string? ListingBody { get; set; }

    /// <value>When set, the status answers carry this <c>Server</c> header, e.g. <c>Nexus/3.89.0-01 (COMMUNITY)</c>.</value>
    public string? ServerHeader { get; set; }

    /// <value>When set and it returns an answer (given how many uploads were stored so far), the upload gets that answer and is not stored.</value>
    public Func<int, ResponseMessage?>? RefuseUpload { get; set; }

    /// <summary>When set, the asset listing leaves out the paths it returns true for (asked per listing request).</summary>
    public Func<string, bool>? HideFromListing { get; set; }

    /// <summary>When set, the asset listing gives the paths it returns true for a SHA-1 that is not their content's.</summary>
    public Func<string, bool>? WrongChecksumFor { get; set; }

    /// <summary>Every request the fake answered, whatever it was.</summary>
    public int Requests => Server.LogEntries.Count;

    /// <summary>Called for each upload before it is stored (tests cancel the run from here).</summary>
    public Action<string>? OnUpload { get; set; }

    public IReadOnlyList<(string Repository, string Path)> Uploads
    {
        get
        {
            lock (_gate)
            {
                return [.. _uploads];
            }
        }
    }

    public int Count(string method, string path) => Server.LogEntries.Count(e => e.RequestMessage!.Method == method && e.RequestMessage.Path == path);

    /// <summary>HEADs of planning and verification (preflight's one read probe per repository is not counted).</summary>
    public int Heads => Server.LogEntries.Count(e => e.RequestMessage!.Method == "HEAD" && !e.RequestMessage.Path.EndsWith("/.nexus-push-preflight", StringComparison.Ordinal));

    public void Store(string repository, string path, byte[] content)
    {
        lock (_gate)
        {
            _stored[(repository, path)] = content;
        }
    }

    public byte[]? Stored(string repository, string path)
    {
        lock (_gate)
        {
            return _stored.GetValueOrDefault((repository, path));
        }
    }

    public void Dispose() => Server.Stop();

    private ResponseMessage Upload(IRequestMessage request)
    {
        var repository = request.Query!["repository"].ToString();
        var parts = MultipartBody.Parse(request.Headers!["Content-Type"].ToString(), request.BodyAsBytes!);
        string Field(string name) => parts.First(p => p.Name.EndsWith(name, StringComparison.Ordinal)).Text;
        var file = parts.First(p => p.FileName is not null);
        var path = file.Name.StartsWith("raw.", StringComparison.Ordinal)
            ? global::NexusPush.Formats.NexusPaths.Join(Field(".directory"), Field(".asset1.filename"))
            : global::NexusPush.Formats.NexusPaths.Join(parts.Any(p => p.Name == "yum.directory") ? Field("yum.directory") : null, Field(".asset.filename"));
        OnUpload?.Invoke(path);
        lock (_gate)
        {
            if (RefuseUpload?.Invoke(_uploads.Count) is { } refusal)
            {
                return refusal;
            }

            _uploads.Add((repository, path));
            _stored[(repository, path)] = file.Content;
        }

        return new ResponseMessage { StatusCode = 204 };
    }

    private ResponseMessage Status(IRequestMessage request)
    {
        var response = new ResponseMessage { StatusCode = 200 };
        if (ServerHeader is { } server)
        {
            response.AddHeader("Server", server);
        }

        return response;
    }

    private ResponseMessage List(IRequestMessage request)
    {
        if (ListingStatus is { } status)
        {
            return new ResponseMessage { StatusCode = status };
        }

        if (ListingBody is { } body)
        {
            return Json(body);
        }

        var repository = request.Query!["repository"].ToString();
        var offset = request.Query.TryGetValue("continuationToken", out var token) ? int.Parse(token.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        List<KeyValuePair<(string Repository, string Path), byte[]>> assets;
        lock (_gate)
        {
            assets = [.. _stored.Where(a => a.Key.Repository == repository && HideFromListing?.Invoke(a.Key.Path) != true).OrderBy(a => a.Key.Path, StringComparer.Ordinal)];
        }

        var page = assets.Skip(offset).Take(PageSize).Select(a => new
        {
            path = LeadingSlash ? a.Key.Path : a.Key.Path.TrimStart('/'),
            repository,
            checksum = new { sha1 = WrongChecksumFor?.Invoke(a.Key.Path) == true ? new string('0', 40) : Sha1(a.Value) },
        }).ToList();

        // §5.1: a full page carries a token even when nothing follows; the next call returns an empty page and null.
        var next = page.Count == PageSize ? (offset + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Json(JsonSerializer.Serialize(new { items = page, continuationToken = next }));
    }

    private ResponseMessage Head(IRequestMessage request)
    {
        var rest = request.AbsolutePath["/repository/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var repository = WebUtility.UrlDecode(rest[..slash]);
        var path = "/" + string.Join('/', rest[(slash + 1)..].Split('/').Select(Uri.UnescapeDataString));
        var content = Stored(repository, path);
        if (content is null)
        {
            return new ResponseMessage { StatusCode = 404 };
        }

        var response = new ResponseMessage { StatusCode = 200 };
        response.AddHeader("ETag", $"\"{Sha1(content)}\"");
        return response;
    }

    private static ResponseMessage Json(string body)
    {
        var response = new ResponseMessage
        {
            StatusCode = 200,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json");
        return response;
    }
}
