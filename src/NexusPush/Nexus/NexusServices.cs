using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace NexusPush.Nexus;

/// <summary>Builds the one <see cref="NexusClient"/> of a run through IHttpClientFactory.</summary>
internal static class NexusServices
{
    public static string UserAgent { get; } = "nexus-push/" + (typeof(NexusServices).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    public static ServiceProvider Build(NexusOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(options);
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddHttpClient<NexusClient>(client =>
            {
                client.BaseAddress = options.BaseUrl;

                // Timeouts are ours (stall watchdog, response timeout): a fixed total would cut big uploads (HttpClient's default is 100 s).
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(options))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)

            // NexusClient logs each request itself (redacted, at debug); the factory's own two logging handlers
            // would add a scope and two log calls per request, thousands of times in a sync of small files.
            .RemoveAllLoggers();

        // One client per run, not one per resolution (a typed client is transient): the preflight, the comparison
        // and the executor share its circuit breaker, so what the preflight learnt (Nexus does not answer) holds
        // back the first uploads instead of each of them waiting out its own timeout.
        services.AddSingleton(provider => provider.GetRequiredService<ITypedHttpClientFactory<NexusClient>>()
            .CreateClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(NexusClient))));
        return services.BuildServiceProvider();
    }

    internal static SocketsHttpHandler CreateHandler(NexusOptions options) => new()
    {
        // nexus-contract.md §1: a UI session cookie would switch on Nexus's anti-CSRF check; stay cookie-less.
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = Math.Max(1, options.MaxConnections),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(30),
        Expect100ContinueTimeout = TimeSpan.FromSeconds(1),

        // The default proxy (UseProxy, Proxy null) reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (upper or lower
        // case) and never proxies loopback; docs/configuration.md says so. Only the certificate check is ours.
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = options.Tls.Validate },
    };
}
