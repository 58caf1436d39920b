using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NexusPush.Nexus;

/// <summary>
/// Builds a run's one <see cref="NexusClient"/> on an HttpClient from IHttpClientFactory, which owns the pooled
/// handler and its connections. The factory is only offered through a service collection, so one is built here for
/// it alone; nothing else is resolved from it. Disposing the factory closes the connections.
/// </summary>
internal sealed class NexusClientFactory : IDisposable
{
    private const string ClientName = nameof(NexusClient);
    private readonly ServiceProvider _httpClients;
    private readonly NexusOptions _options;

    public NexusClientFactory(NexusOptions options)
    {
        _options = options;
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, client =>
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
        _httpClients = services.BuildServiceProvider();
    }

    public static string UserAgent { get; } = "nexus-push/" + (typeof(NexusClientFactory).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    /// <summary>
    /// The client. A run asks once: the preflight, the comparison and the executor share it and its circuit breaker,
    /// so what the preflight learnt (Nexus does not answer) holds back the first uploads instead of each of them
    /// waiting out its own timeout.
    /// </summary>
    public NexusClient CreateClient(ILoggerFactory loggerFactory, TimeProvider? timeProvider = null) =>
        new(_httpClients.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName), _options, loggerFactory.CreateLogger<NexusClient>(), timeProvider ?? TimeProvider.System);

    public void Dispose() => _httpClients.Dispose();

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
