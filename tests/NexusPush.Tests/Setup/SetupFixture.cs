using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary>A config file with the "setup" section, its signing key file, and the secret variables with known values.</summary>
internal sealed class SetupFixture : IDisposable
{
    public const string AccessKeyId = "AKIDTEST4711";
    public const string SecretKey = "s3-secret-value-9c1e";
    public const string Passphrase = "apt-passphrase-77d2";

    /// <summary>Stands in for an armored private key: what matters here is that it never shows up in any output.</summary>
    public const string PrivateKey = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQWGBGfake-private-key-material-0x5e\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----\n";

    public const string Setup = """
        "setup": {
          "blobStores": [
            { "name": "s3-artifacts", "type": "s3", "bucket": "artifacts", "region": "gra", "prefix": "nexus/",
              "endpoint": "https://s3.gra.example-cloud.net", "forcePathStyle": true,
              "accessKeyIdEnv": "S3_ACCESS_KEY_ID", "secretAccessKeyEnv": "S3_SECRET_ACCESS_KEY",
              "encryption": "s3ManagedEncryption" }
          ],
          "repositories": [
            { "name": "apt-bookworm", "format": "apt", "blobStore": "s3-artifacts", "writePolicy": "ALLOW_ONCE",
              "distribution": "bookworm", "signingKeyFile": "keys/nexus-apt.asc", "signingPassphraseEnv": "APT_KEY_PASSPHRASE" },
            { "name": "yum-el8", "format": "yum", "blobStore": "s3-artifacts", "repodataDepth": 2, "deployPolicy": "STRICT" },
            { "name": "raw-hosted", "format": "raw", "blobStore": "s3-artifacts", "writePolicy": "ALLOW" },
            { "name": "pypi-hosted", "format": "pypi", "blobStore": "s3-artifacts" }
          ]
        }
        """;

    private readonly TempDir _dir = new();

    public SetupFixture(string setup = Setup)
    {
        _dir.Write("keys/nexus-apt.asc", PrivateKey);
        ConfigPath = _dir.Write("nexus-push.json", "{\n" + setup + "\n}\n");
    }

    public string ConfigPath { get; }

    public string Directory => _dir.Path;

    public static Dictionary<string, string> Secrets => new()
    {
        ["S3_ACCESS_KEY_ID"] = AccessKeyId,
        ["S3_SECRET_ACCESS_KEY"] = SecretKey,
        ["APT_KEY_PASSPHRASE"] = Passphrase,
    };

    public static IEnumerable<string> SecretValues => [SecretKey, Passphrase, "fake-private-key-material", ProvisioningNexus.Password];

    public void Dispose() => _dir.Dispose();
}
