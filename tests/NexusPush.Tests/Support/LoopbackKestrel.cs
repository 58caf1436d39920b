using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NexusPush.Tests.Support;

/// <summary>
/// Kestrel on 127.0.0.1 on a port the OS picks, without logging: the start of every in-process test server that
/// needs real HTTP (TLS, streamed bodies, counted connections). The caller maps its endpoints between the two calls.
/// </summary>
internal static class LoopbackKestrel
{
    public static WebApplication Build(Action<KestrelServerOptions>? configure = null, Action<ListenOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false; // test servers that imitate Nexus set their own Server header
            configure?.Invoke(kestrel);
            kestrel.Listen(IPAddress.Loopback, 0, options => listen?.Invoke(options));
        });
        return builder.Build();
    }

    /// <summary>Starts the app and returns the port it listens on.</summary>
    public static async Task<int> StartAsync(WebApplication app)
    {
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }
}
