using System.Net.Sockets;
using System.Security.Authentication;
using NexusPush.LocalFiles;

namespace NexusPush.Nexus;

/// <summary>Turns what HttpClient throws (refused, reset, DNS, TLS, timeouts) into one sentence and a failure kind.</summary>
internal static class TransportErrors
{
    /// <summary>The exception as one sentence; <paramref name="tlsRejection"/> is why <see cref="TlsSettings.Validate"/> refused the certificate, when it did.</summary>
    public static NexusRequestException Classify(Exception exception, NexusRequestContext context, string? tlsRejection = null)
    {
        if (exception is NexusRequestException known)
        {
            return known;
        }

        if (Find<FileChangedException>(exception) is { } changed)
        {
            // Thrown before the multipart body's closing boundary went out: Nexus got a truncated request and stored nothing.
            return new(NexusFailureKind.Rejected, $"{changed.Message}; nothing was stored, re-run once the file is complete.", inner: exception);
        }

        if ((Find<FileNotFoundException>(exception) ?? (Exception?)Find<DirectoryNotFoundException>(exception)) is { } gone)
        {
            // The local file, read inside HttpClient's body copy, is gone: that file's failure, never the connection's
            // (no retry, nothing for the circuit breaker). The upload opens its file first (FileDigest.Open), so this
            // is the last line of defence.
            return new(NexusFailureKind.Rejected, $"deleted since the scan ({gone.Message.TrimEnd('.')}); nothing was stored — run again to sync what is there now.", inner: exception);
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return new(NexusFailureKind.Tls, $"The TLS connection to {context.Host} failed: {tlsRejection ?? Describe(tls)}.", inner: exception);
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            var what = socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"the host name {context.Host} could not be resolved",
                SocketError.ConnectionRefused => $"{context.Host} refused the connection (is Nexus running and is the port right?)",
                SocketError.ConnectionReset => $"{context.Host} reset the connection",
                SocketError.TimedOut => $"connecting to {context.Host} timed out",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"{context.Host} is unreachable from this machine",
                _ => $"the connection to {context.Host} failed ({socket.SocketErrorCode})",
            };
            return new(NexusFailureKind.Unreachable, $"Nexus could not be reached: {what}.", inner: exception);
        }

        if (exception is HttpRequestException or IOException)
        {
            return new(NexusFailureKind.Unreachable, $"The connection to Nexus at {context.Host} broke before an answer came ({FirstSentence(exception)}).", inner: exception);
        }

        if (exception is OperationCanceledException or TimeoutException)
        {
            return new(NexusFailureKind.Timeout, $"Nexus at {context.Host} did not answer in time.", inner: exception);
        }

        throw new InvalidOperationException("Unexpected exception while talking to Nexus.", exception);
    }

    /// <summary>The connection was refused (nothing listens at that host and port): a mistyped URL more often than an outage.</summary>
    public static bool IsConnectionRefused(Exception exception) =>
        Find<SocketException>(exception) is { SocketErrorCode: SocketError.ConnectionRefused };

    public static bool IsTransport(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutException or SocketException;

    private static string Describe(AuthenticationException tls)
    {
        var text = tls.Message;
        if (text.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal))
        {
            return "the certificate does not match the host name; connect with a name the certificate was issued for";
        }

        if (text.Contains("NotTimeValid", StringComparison.Ordinal) || text.Contains("expired", StringComparison.OrdinalIgnoreCase))
        {
            return "the certificate has expired or is not yet valid; renew it (or check this machine's clock)";
        }

        if (text.Contains("UntrustedRoot", StringComparison.Ordinal) || text.Contains("PartialChain", StringComparison.Ordinal) || text.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal))
        {
            return "the certificate is signed by an untrusted issuer; pass --ca-file with the PEM of the CA that signed it";
        }

        return FirstSentence(tls);
    }

    private static string FirstSentence(Exception exception)
    {
        var message = exception.Message.Split('\n')[0].Trim();
        return message.TrimEnd('.');
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
