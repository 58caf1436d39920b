using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NexusPush.Nexus;

/// <summary>
/// How the server certificate is checked: the system trust store, plus an optional CA bundle (<c>--ca-file</c>,
/// internal PKI), or nothing at all (<c>--insecure</c>). It also remembers why it last refused a certificate, because
/// once a validation callback is installed .NET only says "rejected by the callback" (the error must be one sentence
/// naming the host and the cause).
/// </summary>
internal sealed class TlsSettings
{
    private volatile string? _lastRejection;

    /// <value>Extra trust anchors (and intermediates) from the PEM bundle; null for the system store only.</value>
    public X509Certificate2Collection? ExtraTrust { get; init; }

    /// <value>Where <see cref="ExtraTrust"/> came from, for messages.</value>
    public string? CaFile { get; init; }

    /// <value>Accept any certificate. Default false.</value>
    public bool Insecure { get; init; }

    /// <summary>The cause of the last refusal, e.g. "the certificate is signed by an untrusted issuer (CN=…)".</summary>
    public string? LastRejection => _lastRejection;

    /// <summary>Loads a PEM bundle (one or more CERTIFICATE blocks); a file that holds none is a configuration error.</summary>
    public static TlsSettings FromCaFile(string path)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new UsageException($"--ca-file {path} cannot be read as a PEM certificate bundle: {e.Message.TrimEnd('.')}.");
        }

        return bundle.Count == 0
            ? throw new UsageException($"--ca-file {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).")
            : new TlsSettings { ExtraTrust = bundle, CaFile = path };
    }

    /// <summary>
    /// The handler's RemoteCertificateValidationCallback. The system's verdict comes first, so public CAs keep
    /// working; only a chain error is looked at again, with the bundle as custom trust anchors. CustomRootTrust
    /// (not ExtraStore) is what makes a private root count as trusted; ExtraStore only helps to find intermediates.
    /// </summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Insecure || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse($"the certificate ({Subject(certificate)}) does not match the host name; connect with a name the certificate was issued for");
        }

        var flags = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
        if (ExtraTrust is not null && !flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(ExtraTrust);
            custom.ChainPolicy.ExtraStore.AddRange(ExtraTrust);
            if (chain is not null)
            {
                custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
            }

            // Same as SslStream's default (CertificateRevocationCheckMode.NoCheck): internal CAs rarely publish CRLs.
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            if (custom.Build(leaf))
            {
                return true;
            }

            flags = custom.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        }

        return Refuse(DescribeChain(flags, certificate));
    }

    private string DescribeChain(X509ChainStatusFlags flags, X509Certificate certificate)
    {
        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            using var cert = new X509Certificate2(certificate);
            var when = cert.NotAfter < DateTime.Now ? "expired on " + cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "is not valid before " + cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return $"the certificate ({Subject(certificate)}) {when}; renew it (or check this machine's clock)";
        }

        if (flags.HasFlag(X509ChainStatusFlags.Revoked))
        {
            return $"the certificate ({Subject(certificate)}) has been revoked";
        }

        var trusted = CaFile is null ? "the system trust store" : $"the system trust store or --ca-file {CaFile}";
        return $"the certificate ({Subject(certificate)}) is signed by an untrusted issuer ({certificate.Issuer}) that is not in {trusted}; pass --ca-file with the PEM of the CA that signed it";
    }

    private bool Refuse(string reason)
    {
        _lastRejection = reason;
        return false;
    }

    private static string Subject(X509Certificate certificate) => certificate.Subject;
}
