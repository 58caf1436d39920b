using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary>
/// An in-process Nexus that holds S3 blob stores and hosted repositories and answers like the real one
/// (docs/nexus-contract.md §9, §10): POST/PUT take <c>security</c> and <c>advancedConnection</c> while GET answers
/// <c>bucketSecurity</c> and <c>advancedBucketConnection</c>; GET answers the S3 secret as the placeholder, and a PUT
/// sending the placeholder keeps the stored one; an apt GET returns the private keypair and a null passphrase;
/// <c>bucket.expiration</c> is required up to 3.80 and refused from 3.81. It refuses bodies it would not accept
/// (unknown fields such as a GET-only name, a repository on a blob store it does not have), lists every blob store at
/// <c>GET /v1/blobstores</c> (<see cref="OtherBlobStores"/> too), can answer a GET with junk as a proxy would
/// (<see cref="JunkAnswers"/>), and records every write.
/// </summary>
internal sealed partial class ProvisioningNexus : IAsyncDisposable
{
    public const string Placeholder = "#~NXRM~PLACEHOLDER~PASSWORD~#";
    public const string User = "admin";
    public const string Password = "admin-pw-5f3a";

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly List<(string Method, string Path, JsonObject Body)> _writes = [];
    private readonly List<(string Method, string Path)> _requests = [];

    private ProvisioningNexus(string version)
    {
        Version = version;
        _app = LoopbackKestrel.Build();
        _app.Run(HandleAsync);
    }

    public string Version { get; set; }

    public Dictionary<string, JsonObject> BlobStores { get; } = [];

    /// <summary>Stored repositories by name, in the request shape plus "format".</summary>
    public Dictionary<string, JsonObject> Repositories { get; } = [];

    /// <summary>Write paths answered 403, as an admin without the privilege would get.</summary>
    public HashSet<string> Forbidden { get; } = [];

    /// <summary>Write paths answered 400 with the request body in the message (a careless server or proxy).</summary>
    public HashSet<string> EchoBodyInError { get; } = [];

    /// <summary>Blob stores of other types (a File store such as Nexus's "default"): listed, never managed by setup.</summary>
    public HashSet<string> OtherBlobStores { get; } = ["default"];

    /// <summary>GET paths answered 200 with this text instead of the stored object: a proxy or a broken Nexus.</summary>
    public Dictionary<string, string> JunkAnswers { get; } = [];

    /// <summary>What <c>/repository/&lt;name&gt;/repository-key.gpg</c> answers.</summary>
    public Dictionary<string, byte[]> PublicKeys { get; } = [];

    public bool AnonymousRead { get; set; } = true;

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<(string Method, string Path, JsonObject Body)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public int CountRequests(string method, string path)
    {
        lock (_gate)
        {
            return _requests.Count(r => r.Method == method && r.Path == path);
        }
    }

    public static async Task<ProvisioningNexus> StartAsync(string version = "3.77.1-01")
    {
        var nexus = new ProvisioningNexus(version);
        nexus.Url = $"http://127.0.0.1:{await LoopbackKestrel.StartAsync(nexus._app)}/";
        return nexus;
    }

    public Dictionary<string, string> Env(Dictionary<string, string>? more = null)
    {
        var env = new Dictionary<string, string> { ["NEXUS_URL"] = Url, ["NEXUS_USERNAME"] = User, ["NEXUS_PASSWORD"] = Password };
        foreach (var (key, value) in more ?? [])
        {
            env[key] = value;
        }

        return env;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        lock (_gate)
        {
            _requests.Add((method, path));
        }

        context.Response.Headers.Server = $"Nexus/{Version} (COMMUNITY)";
        var authorized = context.Request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        if (path.StartsWith("/repository/", StringComparison.Ordinal))
        {
            await ContentAsync(context, path, authorized);
            return;
        }

        if (!authorized)
        {
            context.Response.StatusCode = 401;
            return;
        }

        JsonObject? body = null;
        if (method is "POST" or "PUT")
        {
            body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject;
            lock (_gate)
            {
                _writes.Add((method, path, body!));
            }

            if (Forbidden.Contains(path))
            {
                await Answer(context, 403, "Forbidden");
                return;
            }

            if (EchoBodyInError.Contains(path))
            {
                await Answer(context, 400, new JsonArray(new JsonObject { ["id"] = "body", ["message"] = "Invalid body: " + body!.ToJsonString() }).ToJsonString());
                return;
            }
        }

        (int Status, string? Text) answer;
        lock (_gate)
        {
            answer = method == "GET" && JunkAnswers.TryGetValue(path, out var junk) ? (200, junk) : Route(method, path, body);
        }

        await Answer(context, answer.Status, answer.Text);
    }

    private (int, string?) Route(string method, string path, JsonObject? body)
    {
        if (path is "/service/rest/v1/status" or "/service/rest/v1/status/writable")
        {
            return (200, null);
        }

        if (method == "GET" && path == "/service/rest/v1/blobstores")
        {
            var all = BlobStores.Keys.Select(n => (Name: n, Type: "S3")).Concat(OtherBlobStores.Select(n => (Name: n, Type: "File")));
            return (200, new JsonArray([.. all.Select(b => new JsonObject { ["name"] = b.Name, ["type"] = b.Type, ["blobCount"] = 0 })]).ToJsonString());
        }

        if (BlobStorePath().Match(path) is { Success: true } blob)
        {
            var name = blob.Groups[1].Success ? Uri.UnescapeDataString(blob.Groups[1].Value) : null;
            return (method, name) switch
            {
                ("GET", { } n) => BlobStores.TryGetValue(n, out var stored) ? (200, BlobStoreAsRead(stored).ToJsonString()) : (404, null),
                ("POST", null) => CreateBlobStore(body!),
                ("PUT", { } n) => UpdateBlobStore(n, body!),
                _ => (405, null),
            };
        }

        if (RepositoryPath().Match(path) is { Success: true } repo)
        {
            var format = repo.Groups[1].Value;
            var name = repo.Groups[2].Success ? Uri.UnescapeDataString(repo.Groups[2].Value) : null;
            return (method, name) switch
            {
                ("GET", { } n) => Repositories.TryGetValue(n, out var stored) && (string?)stored["format"] == format ? (200, RepositoryAsRead(stored).ToJsonString()) : (404, null),
                ("POST", null) => CreateRepository(format, body!),
                ("PUT", { } n) => UpdateRepository(format, n, body!),
                _ => (405, null),
            };
        }

        if (method == "GET" && path.StartsWith("/service/rest/v1/repositories/", StringComparison.Ordinal))
        {
            var name = Uri.UnescapeDataString(path["/service/rest/v1/repositories/".Length..]);
            return Repositories.TryGetValue(name, out var stored)
                ? (200, new JsonObject { ["name"] = name, ["format"] = (string?)stored["format"], ["type"] = "hosted", ["url"] = $"{Url}repository/{name}" }.ToJsonString())
                : (404, null);
        }

        return (404, null);
    }

    private (int, string?) CreateBlobStore(JsonObject body)
    {
        var name = (string?)body["name"];
        if (name is null || BlobStores.ContainsKey(name))
        {
            return (400, """[{"id":"name","message":"Blob store name already exists or is missing"}]""");
        }

        if (ValidateBlobStore(body) is { } problem)
        {
            return (400, problem);
        }

        BlobStores[name] = (JsonObject)body.DeepClone();
        return (201, null);
    }

    private (int, string?) UpdateBlobStore(string name, JsonObject body)
    {
        if (!BlobStores.TryGetValue(name, out var stored))
        {
            return (404, null);
        }

        if (ValidateBlobStore(body) is { } problem)
        {
            return (400, problem);
        }

        var updated = (JsonObject)body.DeepClone();
        if (updated["bucketConfiguration"]?["security"] is JsonObject security && (string?)security["secretAccessKey"] == Placeholder)
        {
            security["secretAccessKey"] = stored["bucketConfiguration"]?["security"]?["secretAccessKey"]?.DeepClone();
        }

        BlobStores[name] = updated;
        return (204, null);
    }

    private string? ValidateBlobStore(JsonObject body)
    {
        var configuration = body["bucketConfiguration"] as JsonObject;
        foreach (var key in (configuration ?? []).Select(p => p.Key))
        {
            if (key is not ("bucket" or "security" or "encryption" or "advancedConnection"))
            {
                return $$"""{"message":"Unrecognized field \"{{key}}\""}""";
            }
        }

        var bucket = configuration?["bucket"] as JsonObject;
        if (bucket?["name"] is null || bucket["region"] is null)
        {
            return """[{"id":"bucket","message":"bucket name and region are required"}]""";
        }

        var takesExpiration = int.Parse(Version.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture) <= 80;
        return (takesExpiration, bucket.ContainsKey("expiration")) switch
        {
            (true, false) => """[{"id":"expiration","message":"must not be null"}]""",
            (false, true) => """{"message":"Unrecognized field \"expiration\""}""",
            _ => null,
        };
    }

    private static JsonObject BlobStoreAsRead(JsonObject stored)
    {
        var read = (JsonObject)stored.DeepClone();
        read["type"] = "S3";
        if (read["bucketConfiguration"] is JsonObject configuration)
        {
            if (configuration["security"] is JsonObject security)
            {
                configuration.Remove("security");
                if (security["secretAccessKey"] is not null)
                {
                    security["secretAccessKey"] = Placeholder;
                }

                configuration["bucketSecurity"] = security;
            }

            if (configuration["advancedConnection"] is JsonObject connection)
            {
                configuration.Remove("advancedConnection");
                configuration["advancedBucketConnection"] = connection;
            }
        }

        return read;
    }

    private (int, string?) CreateRepository(string format, JsonObject body)
    {
        var name = (string?)body["name"];
        if (name is null || Repositories.ContainsKey(name))
        {
            return (400, """[{"id":"name","message":"Name is already used, must be unique (ignoring case)"}]""");
        }

        if (ValidateRepository(format, body) is { } problem)
        {
            return (400, problem);
        }

        if ((string?)body["storage"]!["blobStoreName"] is { } store && !BlobStores.ContainsKey(store) && !OtherBlobStores.Contains(store))
        {
            return (400, $$"""[{"id":"storage.blobStoreName","message":"Blob store '{{store}}' does not exist"}]""");
        }

        var stored = (JsonObject)body.DeepClone();
        stored["format"] = format;
        Repositories[name] = stored;
        return (201, null);
    }

    private (int, string?) UpdateRepository(string format, string name, JsonObject body)
    {
        if (!Repositories.TryGetValue(name, out var existing) || (string?)existing["format"] != format)
        {
            return (404, null);
        }

        if (ValidateRepository(format, body) is { } problem)
        {
            return (400, problem);
        }

        var stored = (JsonObject)body.DeepClone();
        stored["format"] = format;
        Repositories[name] = stored;
        return (204, null);
    }

    private static string? ValidateRepository(string format, JsonObject body)
    {
        foreach (var key in body.Select(p => p.Key))
        {
            if (key is not ("name" or "online" or "storage" or "cleanup" or "component" or "apt" or "aptSigning" or "yum" or "raw"))
            {
                return $$"""{"message":"Unrecognized field \"{{key}}\""}""";
            }
        }

        if (body["storage"]?["blobStoreName"] is null || body["storage"]?["writePolicy"] is null || body["online"] is null)
        {
            return """[{"id":"storage","message":"online, storage.blobStoreName and storage.writePolicy are required"}]""";
        }

        if ((string?)body["storage"]!["writePolicy"] is not ("ALLOW" or "ALLOW_ONCE" or "DENY"))
        {
            return """{"message":"Cannot deserialize value of type WritePolicy"}""";
        }

        return format switch
        {
            "apt" when body["apt"]?["distribution"] is null || body["aptSigning"]?["keypair"] is null => """[{"id":"apt","message":"apt.distribution and aptSigning.keypair are required"}]""",
            "yum" when body["yum"]?["repodataDepth"] is null => """[{"id":"yum","message":"yum.repodataDepth is required"}]""",
            _ => null,
        };
    }

    /// <summary>An apt GET returns the private keypair and never the passphrase; other extras every GET has.</summary>
    private JsonObject RepositoryAsRead(JsonObject stored)
    {
        var read = (JsonObject)stored.DeepClone();
        read["type"] = "hosted";
        read["url"] = $"{Url}repository/{(string?)stored["name"]}";
        if (read["aptSigning"] is JsonObject signing)
        {
            signing["passphrase"] = null;
        }

        if (read["storage"] is JsonObject storage && (string?)storage["writePolicy"] is { } policy)
        {
            storage["writePolicy"] = policy.ToLowerInvariant(); // Nexus's case is not the request's: the comparison must not care.
        }

        return read;
    }

    private async Task ContentAsync(HttpContext context, string path, bool authorized)
    {
        if (!authorized && !AnonymousRead)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var parts = path.Split('/', 4);
        if (parts.Length == 4 && parts[3] == "repository-key.gpg" && PublicKeys.TryGetValue(parts[2], out var key))
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(key);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private static async Task Answer(HttpContext context, int status, string? text)
    {
        context.Response.StatusCode = status;
        if (text is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text);
        }
    }

    [GeneratedRegex("^/service/rest/v1/blobstores/s3(?:/([^/]+))?$")]
    private static partial Regex BlobStorePath();

    [GeneratedRegex("^/service/rest/v1/repositories/([a-z0-9]+)/hosted(?:/([^/]+))?$")]
    private static partial Regex RepositoryPath();
}
