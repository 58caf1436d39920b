using System.Net;
using Microsoft.Extensions.Logging;
using NexusPush.Nexus;

namespace NexusPush.Cli;

/// <summary>
/// TLS settings from <c>--ca-file</c> / NEXUS_PUSH_CA_FILE and <c>--insecure</c>, and the once-per-run warnings about
/// transport security: verification switched off, or credentials about to cross the network in clear text.
/// </summary>
internal static class TransportSecurity
{
    /// <param name="insecure"><c>--insecure</c>.</param>
    /// <param name="caFile"><c>--ca-file</c>, else NEXUS_PUSH_CA_FILE; null when neither is set.</param>
    /// <param name="baseUrl">The Nexus URL.</param>
    /// <param name="hasCredentials">A password goes with the requests.</param>
    /// <param name="logger">Where the warnings go.</param>
    public static TlsSettings Resolve(bool insecure, string? caFile, Uri baseUrl, bool hasCredentials, ILogger logger)
    {
        if (insecure && caFile is not null)
        {
            throw new UsageException("--insecure switches certificate checks off and --ca-file (or NEXUS_PUSH_CA_FILE) adds a CA to them; give one or the other.");
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp && hasCredentials && !IsLoopback(baseUrl))
        {
            logger.LogWarning("The password for {Host} goes over plain http://, readable by anyone on the network path; use an https:// URL.", baseUrl.Authority);
        }

        if (insecure)
        {
            logger.LogWarning("--insecure: TLS certificate verification is OFF for {Host}; anyone on the network path can read the password and change what is stored. Use --ca-file with your CA instead.", baseUrl.Authority);
            return new TlsSettings { Insecure = true };
        }

        if (caFile is null)
        {
            return new TlsSettings();
        }

        if (!File.Exists(caFile))
        {
            throw new UsageException($"The CA bundle {caFile} (--ca-file) does not exist.");
        }

        return TlsSettings.FromCaFile(caFile);
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
