// A fast local stand-in for Nexus 3 for bench/run.sh: just the endpoints nexus-push calls, on 127.0.0.1, plus
// GET /bench/stats and POST /bench/reset[?store=false] for the script. See bench/README.md.
using System.Globalization;
using System.Net;
using BenchServer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var options = ServerOptions.Parse(args);
var store = new AssetStore();
var stats = new BenchStats();

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders(); // a log line per request would cost more than the request
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false; // ours says Nexus (below)
    kestrel.Limits.MaxRequestBodySize = null; // 4 GiB uploads; Nexus sets no limit either (nexus-contract.md §6)
    kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;

        // Connection middleware: counts TCP connections, so the backpressure scenario sees what --parallel opens.
        listen.Use(next => async connection =>
        {
            stats.ConnectionOpened();
            try
            {
                await next(connection);
            }
            finally
            {
                stats.ConnectionClosed();
            }
        });
    });
});

var app = builder.Build();
app.UseRouting();
app.Use(async (context, next) =>
{
    // nexus-contract.md §1: every answer names the server; the preflight reads version and edition from it.
    context.Response.Headers.Server = "Nexus/3.77.1-01 (COMMUNITY)";
    if (context.Request.Path.StartsWithSegments("/bench", StringComparison.Ordinal))
    {
        await next(context);
        return;
    }

    // Nexus answers its status endpoints anonymously and everything else 401 when the credentials are wrong.
    var open = context.Request.Path.Equals("/service/rest/v1/status", StringComparison.Ordinal);
    if (options.Credentials is { } credentials && !open
        && context.Request.Headers.Authorization.ToString() != "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)))
    {
        context.Response.StatusCode = 401;
        return;
    }

    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
    stats.RequestStarted($"{context.Request.Method} {route}");
    try
    {
        if (options.RequestDelayMs > 0)
        {
            // A network round trip and Nexus's own work: every request pays it, HEAD and listing included.
            await Task.Delay(options.RequestDelayMs, context.RequestAborted);
        }

        await next(context);
    }
    finally
    {
        stats.RequestEnded();
    }
});

NexusEndpoints.Map(app, options, store, stats);
app.MapPost("/service/rest/v1/components", (HttpContext c) => UploadEndpoint.HandleAsync(c, options, store, stats));
app.MapGet("/bench/stats", (HttpContext c) => NexusJson.WriteAsync(c, 200, w =>
{
    w.WriteStartObject();
    w.WriteNumber("posts", stats.Posts);
    w.WriteNumber("heads", stats.Heads);
    w.WriteNumber("listingPages", stats.ListingPages);
    w.WriteNumber("requests", stats.Requests);
    w.WriteNumber("uploadedBytes", stats.UploadedBytes);
    w.WriteNumber("connections", stats.Connections);
    w.WriteNumber("openConnections", stats.OpenConnections);
    w.WriteNumber("maxConnections", stats.MaxConnections);
    w.WriteNumber("maxInFlight", stats.MaxInFlight);
    w.WriteNumber("storedAssets", store.Count);
    w.WriteNumber("serverCpuMs", (long)stats.CpuSinceReset.TotalMilliseconds);
    w.WriteStartObject("byEndpoint");
    foreach (var (endpoint, count) in stats.ByEndpoint.OrderBy(e => e.Key, StringComparer.Ordinal))
    {
        w.WriteNumber(endpoint, count);
    }

    w.WriteEndObject();
    w.WriteEndObject();
}));
app.MapPost("/bench/seed", (HttpContext c) =>
{
    // ?repository=R&count=N: N assets a migration finds already there (/seed/aNNNNNNN.bin), listed before new uploads.
    var repository = c.Request.Query["repository"].ToString();
    var count = int.Parse(c.Request.Query["count"].ToString(), CultureInfo.InvariantCulture);
    for (var i = 0; i < count; i++)
    {
        store.Put(repository, $"/seed/a{i:00000000}.bin", 1, new Checksums(Convert.ToHexStringLower(BitConverter.GetBytes(i)).PadLeft(40, '0')));
    }

    return Results.NoContent();
});
app.MapPost("/bench/reset", (HttpContext c) =>
{
    // ?store=false keeps what is stored (the no-op re-sync needs a full store but fresh counters).
    if (!string.Equals(c.Request.Query["store"], "false", StringComparison.Ordinal))
    {
        store.Clear();
    }

    stats.Reset();
    return Results.NoContent();
});

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
var port = new Uri(address).Port;
if (options.PortFile is { } portFile)
{
    await File.WriteAllTextAsync(portFile, port.ToString(CultureInfo.InvariantCulture));
}

Console.WriteLine($"BenchServer listening on http://127.0.0.1:{port} (delay {options.DelayMs} ms per upload, {options.RequestDelayMs} ms per request, link {(options.LinkMbps > 0 ? $"{options.LinkMbps} Mbit/s" : "unlimited")}, repositories: {string.Join(", ", options.Repositories)})");
await app.WaitForShutdownAsync();
