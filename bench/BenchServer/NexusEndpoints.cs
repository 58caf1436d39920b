using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace BenchServer;

/// <summary>
/// The read side of Nexus that nexus-push's preflight and comparison use (src/NexusPush/Preflight, Nexus/NexusClient*.cs):
/// status, EULA, repositories, the paged asset listing (nexus-contract.md §5) and HEAD on content paths (§4).
/// </summary>
internal static class NexusEndpoints
{
    /// <summary>§5.1: 100 per page from 3.74 on.</summary>
    private const int PageSize = 100;

    public static void Map(WebApplication app, ServerOptions options, AssetStore store, BenchStats stats)
    {
        const string Rest = "/service/rest/v1";
        app.MapGet($"{Rest}/status", () => Results.Ok());
        app.MapGet($"{Rest}/status/writable", () => Results.Ok());

        // The Server header says COMMUNITY (as a 3.77+ CE does), so the preflight also reads the EULA state, as it would there.
        app.MapGet($"{Rest}/system/eula", (HttpContext c) => NexusJson.WriteAsync(c, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("accepted", true);
            w.WriteString("disclaimer", "bench server");
            w.WriteEndObject();
        }));

        app.MapGet($"{Rest}/repositories", (HttpContext c) => NexusJson.WriteAsync(c, 200, w =>
        {
            w.WriteStartArray();
            foreach (var name in options.Repositories)
            {
                w.WriteRepository(BaseUrl(c), name);
            }

            w.WriteEndArray();
        }));

        app.MapGet($"{Rest}/repositories/{{name}}", (HttpContext c, string name) => options.Knows(name)
            ? NexusJson.WriteAsync(c, 200, w => w.WriteRepository(BaseUrl(c), name))
            : NotFound(c));

        app.MapGet($"{Rest}/assets", (HttpContext c) => ListAssetsAsync(c, options, store, stats));
        app.MapMethods("/repository/{repository}/{**path}", [HttpMethods.Head], (HttpContext c, string repository) => HeadContent(c, options, store, stats, repository));
    }

    /// <summary>§5.1: <c>{"items":[…],"continuationToken":…}</c>; a full page carries a token even when it is the last one.</summary>
    private static Task ListAssetsAsync(HttpContext context, ServerOptions options, AssetStore store, BenchStats stats)
    {
        var repository = context.Request.Query["repository"].ToString();
        if (repository.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Task.CompletedTask;
        }

        if (!options.Knows(repository))
        {
            return NotFound(context);
        }

        var token = context.Request.Query["continuationToken"].ToString();
        var offset = token.Length == 0 ? 0 : int.Parse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var page = store.Page(repository, offset, PageSize);
        stats.ListingPage();
        return NexusJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var asset in page)
            {
                w.WriteAsset(BaseUrl(context), asset);
            }

            w.WriteEndArray();
            if (page.Count == PageSize)
            {
                w.WriteString("continuationToken", (offset + PageSize).ToString("x", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull("continuationToken");
            }

            w.WriteEndObject();
        });
    }

    /// <summary>§4: 200 with <c>ETag: "sha1"</c> and the length; 404 with the reason in the status line otherwise (§1.1).</summary>
    private static Task HeadContent(HttpContext context, ServerOptions options, AssetStore store, BenchStats stats, string repository)
    {
        stats.Head();
        var response = context.Response;
        if (!options.Knows(repository))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = "Repository not found";
            return Task.CompletedTask;
        }

        var path = context.Request.Path.Value!["/repository/".Length..];
        path = path[path.IndexOf('/', StringComparison.Ordinal)..]; // keeps the leading '/'
        var asset = store.Find(repository, path);
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = path;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ETag = $"\"{asset.Checksums.Sha1}\"";
        response.Headers.LastModified = asset.Created.ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = "application/octet-stream";
        response.ContentLength = asset.Size;
        return Task.CompletedTask;
    }

    /// <summary>§1.1: a plain 404 from REST resources has an empty body.</summary>
    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";
}
