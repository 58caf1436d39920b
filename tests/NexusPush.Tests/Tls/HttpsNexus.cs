using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using System.Security.Cryptography.X509Certificates;
using NexusPush.Tests.Support;

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
        var app = LoopbackKestrel.Build(listen: listen => listen.UseHttps(certificate));
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
        self = new HttpsNexus(app, await LoopbackKestrel.StartAsync(app));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
