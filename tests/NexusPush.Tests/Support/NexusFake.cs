using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NexusPush.Tests.Support;

/// <summary>
/// A WireMock server on 127.0.0.1 that speaks enough of Nexus for a test: component uploads, HEAD on content
/// paths, asset listings. Tests assert on <see cref="Uploads"/> and <see cref="Requests"/>, not on log text.
/// </summary>
internal sealed class NexusFake : IDisposable
{
    public NexusFake()
    {
        Server = WireMockServer.Start();
    }

    public WireMockServer Server { get; }

    /// <summary>Base URL with a trailing slash, e.g. http://127.0.0.1:51234/.</summary>
    public string Url => Server.Urls[0] + "/";

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    public IReadOnlyList<ILogEntry> Uploads => Requests.Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path == "/service/rest/v1/components").ToList();

    /// <summary>Answer uploads to <paramref name="repository"/> with <paramref name="status"/> (204 = Nexus's success).</summary>
    public NexusFake StubUpload(string repository, int status = 204, string? body = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null)
        {
            response = response.WithBody(body);
        }

        Server.Given(Request.Create().WithPath("/service/rest/v1/components").WithParam("repository", repository).UsingPost())
            .RespondWith(response);
        return this;
    }

    /// <summary>HEAD/GET of a stored path answers 200 with the SHA-1 as ETag (nexus-contract.md §4).</summary>
    public NexusFake StubStored(string repository, string path, string sha1)
    {
        Server.Given(Request.Create().WithPath($"/repository/{repository}{path}").UsingMethod("HEAD", "GET"))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", $"\"{sha1}\""));
        return this;
    }

    /// <summary>Any content path not stubbed otherwise answers 404 (absent).</summary>
    public NexusFake StubAbsentByDefault()
    {
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/repository/*")).UsingMethod("HEAD", "GET"))
            .AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(404));
        return this;
    }

    /// <summary>
    /// Behave like a hosted repository with write policy ALLOW: uploads are parsed and stored (raw at
    /// <c>directory/filename</c>, other formats under their part filename), HEAD answers 200 with the SHA-1 as
    /// ETag for stored paths (matched by full path, or by file name for formats whose path Nexus computes) and 404
    /// otherwise.
    /// </summary>
    public NexusFake StoreUploads(string repository)
    {
        Server.Given(Request.Create().WithPath("/service/rest/v1/components").WithParam("repository", repository).UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var parts = MultipartBody.Parse(request.Headers!["Content-Type"][0], BodyOf(request));
                var file = parts.Single(p => p.FileName is not null);
                string Field(string suffix) => parts.FirstOrDefault(p => p.FileName is null && p.Name.EndsWith(suffix, StringComparison.Ordinal))?.Text ?? string.Empty;
                var name = file.Name.EndsWith("asset1", StringComparison.Ordinal) ? Field(".asset1.filename") : file.FileName!;
                var path = "/" + string.Join('/', (Field(".directory") + "/" + name).Split('/', StringSplitOptions.RemoveEmptyEntries));
                lock (Stored)
                {
                    Stored[path] = file.Content;
                }

                return new WireMock.ResponseMessage { StatusCode = 204 };
            }));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/repository/{repository}/*")).UsingMethod("HEAD"))
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var path = Uri.UnescapeDataString(request.Path)[$"/repository/{repository}".Length..];
                byte[]? content;
                lock (Stored)
                {
                    content = Stored.TryGetValue(path, out var exact) ? exact
                        : Stored.Where(kv => kv.Key.EndsWith("/" + path.Split('/')[^1], StringComparison.Ordinal)).Select(kv => kv.Value).FirstOrDefault();
                }

                var response = new WireMock.ResponseMessage { StatusCode = content is null ? 404 : 200 };
                if (content is not null)
                {
                    response.AddHeader("ETag", "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(content)) + "\"");
                }

                return response;
            }));
        return this;
    }

    /// <summary>What <see cref="StoreUploads"/> stored, by path.</summary>
    public Dictionary<string, byte[]> Stored { get; } = new(StringComparer.Ordinal);

    /// <summary>The multipart parts of a recorded upload.</summary>
    public static List<MultipartPart> PartsOf(ILogEntry upload) =>
        MultipartBody.Parse(upload.RequestMessage!.Headers!["Content-Type"][0], BodyOf(upload.RequestMessage));

    private static byte[] BodyOf(WireMock.IRequestMessage request) =>
        request.BodyAsBytes ?? System.Text.Encoding.UTF8.GetBytes(request.Body ?? string.Empty);

    public void Dispose() => Server.Stop();
}
