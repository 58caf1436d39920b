using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.ClientConfig;

/// <summary>
/// A Nexus on 127.0.0.1 that answers what a compromised or misconfigured Nexus, or a proxy in front of one, could
/// answer to the reads of <c>client-config</c> and <c>repos</c>: any repository name is "found" with the format it is
/// given, the hosted settings are sent as the raw text a test sets (a distribution with a newline, a depth of 99), and
/// <c>repository-key.gpg</c> is whatever bytes a test sets (a private key, a login page). It also serves a NuGet V3
/// feed (service index, flat container, one package) so that a real <c>dotnet restore</c> can use a written
/// <c>nuget.config</c>. Every request is recorded.
/// </summary>
internal sealed class HostileNexus : IAsyncDisposable
{
    public const string User = "reader";
    public const string Password = "reader-pw-7c1d";

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly List<(string Method, string Path, bool Authorized)> _requests = [];

    private HostileNexus()
    {
        _app = LoopbackKestrel.Build();
        _app.Run(HandleAsync);
    }

    public string Url { get; private set; } = string.Empty;

    /// <summary>The format answered for a repository name (decoded from the request path, whatever it holds).</summary>
    public Dictionary<string, string> Formats { get; } = [];

    /// <summary>The raw body of <c>GET /v1/repositories/{format}/hosted/{name}</c>.</summary>
    public Dictionary<string, string> HostedSettings { get; } = [];

    /// <summary>What <c>/repository/{name}/repository-key.gpg</c> answers.</summary>
    public Dictionary<string, byte[]> Keys { get; } = [];

    /// <summary>The raw body of <c>GET /v1/repositories</c>.</summary>
    public string RepositoryList { get; set; } = "[]";

    /// <summary>False: content paths need Basic credentials (a 401 with a Basic challenge otherwise), as NuGet expects.</summary>
    public bool AnonymousRead { get; set; } = true;

    /// <summary>NuGet packages served by every nuget repository: (lower-case id, version) → .nupkg bytes.</summary>
    public Dictionary<(string Id, string Version), byte[]> Packages { get; } = [];

    public IReadOnlyList<(string Method, string Path, bool Authorized)> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<HostileNexus> StartAsync()
    {
        var nexus = new HostileNexus();
        nexus.Url = $"http://127.0.0.1:{await LoopbackKestrel.StartAsync(nexus._app)}/";
        return nexus;
    }

    public Dictionary<string, string> Env() => new() { ["NEXUS_URL"] = Url, ["NEXUS_USERNAME"] = User, ["NEXUS_PASSWORD"] = Password };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var authorized = context.Request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        lock (_gate)
        {
            _requests.Add((method, path, authorized));
        }

        context.Response.Headers.Server = "Nexus/3.77.1-01 (COMMUNITY)";
        if (path.StartsWith("/repository/", StringComparison.Ordinal))
        {
            if (!authorized && !AnonymousRead)
            {
                context.Response.Headers.WWWAuthenticate = "BASIC realm=\"Sonatype Nexus Repository Manager\"";
                context.Response.StatusCode = 401;
                return;
            }

            await ContentAsync(context, path["/repository/".Length..]);
            return;
        }

        const string Repositories = "/service/rest/v1/repositories";
        if (path is "/service/rest/v1/status" or "/service/rest/v1/status/writable")
        {
            context.Response.StatusCode = 200;
        }
        else if (path == Repositories)
        {
            await JsonAsync(context, RepositoryList);
        }
        else if (path.StartsWith(Repositories + "/", StringComparison.Ordinal))
        {
            var rest = path[(Repositories.Length + 1)..].Split('/');
            if (rest.Length == 3 && rest[1] == "hosted" && HostedSettings.TryGetValue(Uri.UnescapeDataString(rest[2]), out var settings))
            {
                await JsonAsync(context, settings);
            }
            else if (rest.Length == 1 && Formats.TryGetValue(Uri.UnescapeDataString(rest[0]), out var format))
            {
                await JsonAsync(context, $$"""{"name":"{{rest[0]}}","format":"{{format}}","type":"hosted","url":"{{Url}}repository/{{rest[0]}}"}""");
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    /// <summary>The key, or the NuGet V3 feed: <c>index.json</c> names the flat container, which lists and serves <see cref="Packages"/>.</summary>
    private async Task ContentAsync(HttpContext context, string path)
    {
        var parts = path.Split('/');
        var repository = Uri.UnescapeDataString(parts[0]);
        var feed = $"{Url}repository/{parts[0]}/";
        if (parts is [_, "repository-key.gpg"] && Keys.TryGetValue(repository, out var key))
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(key);
        }
        else if (parts is [_, "index.json"])
        {
            await JsonAsync(context, $$"""{"version":"3.0.0","resources":[{"@id":"{{feed}}v3/content/","@type":"PackageBaseAddress/3.0.0"}]}""");
        }
        else if (parts is [_, "v3", "content", var id, "index.json"])
        {
            var versions = Packages.Keys.Where(p => p.Id == id).Select(p => $"\"{p.Version}\"");
            await JsonAsync(context, $$"""{"versions":[{{string.Join(',', versions)}}]}""");
        }
        else if (parts is [_, "v3", "content", var packageId, var version, _] && Packages.TryGetValue((packageId, version), out var package))
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(package);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private static async Task JsonAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
