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

    /// <summary>HEAD/GET of a stored path answers 200 with the SHA-1 as ETag (nexus-api.md §4).</summary>
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

    public void Dispose() => Server.Stop();
}
