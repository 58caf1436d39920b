using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Support;

/// <summary>The read-only Nexus endpoints preflight asks (nexus-contract.md §5.3, §5.4), stubbed on a <see cref="NexusFake"/>.</summary>
internal static class PreflightStubs
{
    public const string CommunityServer = "Nexus/3.77.1-01 (COMMUNITY)";

    /// <summary>
    /// /v1/status and /status/writable answer 200 with the Server header; the EULA is accepted; unknown content paths
    /// are absent. At a low priority (WireMock: higher number), so a test can override any of them.
    /// </summary>
    public static NexusFake StubHealthy(this NexusFake fake, string server = CommunityServer)
    {
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/status").UsingGet()).AtPriority(50)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Server", server));
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/status/writable").UsingGet()).AtPriority(50)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Server", server));
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/system/eula").UsingGet()).AtPriority(50)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"accepted":true,"disclaimer":"…"}"""));
        return fake.StubAbsentByDefault();
    }

    public static NexusFake StubStatus(this NexusFake fake, int status, string server = CommunityServer, string body = "")
    {
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/status").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Server", server).WithBody(body));
        return fake;
    }

    /// <summary>GET /v1/repositories/{name} answers a RepositoryXO (nexus-contract.md §5.3); unknown names answer 404 (empty body, ≤3.77).</summary>
    public static NexusFake StubRepository(this NexusFake fake, string name, string format, string type = "hosted")
    {
        fake.Server.Given(Request.Create().WithPath($"/service/rest/v1/repositories/{name}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"name":"{{{name}}}","format":"{{{format}}}","type":"{{{type}}}","url":"{{{fake.Url}}}repository/{{{name}}}","attributes":{}}"""));
        return fake;
    }

    public static NexusFake StubRepositoryAnswer(this NexusFake fake, string name, int status, string body = "")
    {
        fake.Server.Given(Request.Create().WithPath($"/service/rest/v1/repositories/{name}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        return fake;
    }

    public static NexusFake StubRepositoryList(this NexusFake fake, string json)
    {
        fake.Server.Given(Request.Create().WithPath("/service/rest/v1/repositories").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(json));
        return fake;
    }

    public static Dictionary<string, string> Env(this NexusFake fake, string user = "ci", string password = "s3cret-pw") => new()
    {
        ["NEXUS_URL"] = fake.Url,
        ["NEXUS_USERNAME"] = user,
        ["NEXUS_PASSWORD"] = password,
    };

    public static int CountPath(this NexusFake fake, string path) => fake.Requests.Count(r => r.RequestMessage!.Path == path);
}
