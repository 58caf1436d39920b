using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography.X509Certificates;

namespace NexusPush.Tests.Tls;

/// <summary>
/// A real HTTPS server (Kestrel on 127.0.0.1) that answers like a healthy Nexus: 200 with the Server header and a
/// <c>{"accepted":true}</c> body to every GET, 404 to HEAD, 204 to uploads. Enough for TLS tests of check and upload.
/// </summary>
internal sealed class HttpsNexus : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpsNexus(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"https://localhost:{Port}/";

    public int Requests { get; private set; }

    public static async Task<HttpsNexus> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        HttpsNexus? self = null;
        app.Run(async context =>
        {
            self!.Requests++;
            context.Response.Headers.Server = "Nexus/3.77.1-01 (COMMUNITY)";
            if (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                // 204 for an upload; 404 for HEAD: nothing is stored yet.
                context.Response.StatusCode = HttpMethods.IsPost(context.Request.Method) ? 204 : 404;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"accepted":true}""");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new HttpsNexus(app, new Uri(address).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
