using System.Text;
using NexusPush.Configuration;
using NexusPush.Formats;

namespace NexusPush.Tests.Setup;

/// <summary>The "setup" section of the config file: read as declared, and every mistake stops with its line (exit 2).</summary>
public sealed class SetupDeclarationTests
{
    [Fact]
    public void Parse_IssueSketch_ReadsEveryField()
    {
        var config = Parse("{\n" + SetupFixture.Setup + "\n}");

        var store = Assert.Single(config.Setup.BlobStores);
        Assert.Equal(("s3-artifacts", "artifacts", "gra", "nexus/", true), (store.Name, store.Bucket, store.Region, store.Prefix, store.ForcePathStyle));
        Assert.Equal(new S3Encryption("s3ManagedEncryption", null), store.Encryption);
        Assert.Equal(("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"), (store.AccessKeyIdEnv, store.SecretAccessKeyEnv));
        var apt = config.Setup.Repositories[0];
        Assert.Equal((ArtifactFormat.Apt, "bookworm", "ALLOW_ONCE", "APT_KEY_PASSPHRASE"), (apt.Format, apt.Distribution, apt.WritePolicy, apt.SigningPassphraseEnv));
        Assert.Equal(Path.GetFullPath("/etc/nexus/keys/nexus-apt.asc"), apt.SigningKeyFile);
        Assert.Equal((2, "STRICT"), (config.Setup.Repositories[1].RepodataDepth, config.Setup.Repositories[1].DeployPolicy));
    }

    [Fact]
    public void Parse_KmsEncryptionObject()
    {
        var config = Parse("""
            {"setup": {"blobStores": [{"name": "b", "bucket": "x", "encryption": {"type": "kmsManagedEncryption", "keyId": "arn:aws:kms:k"}}]}}
            """);

        Assert.Equal(new S3Encryption("kmsManagedEncryption", "arn:aws:kms:k"), config.Setup.BlobStores[0].Encryption);
    }

    [Theory]
    [InlineData("""{"name": "b", "bucket": "x", "secretAccessKey": "abc"}""", "line 3: 'secretAccessKey' would put a secret in the config file; use 'secretAccessKeyEnv' instead.")]
    [InlineData("""{"name": "b", "bucket": "x", "accessKeyId": "AKID"}""", "line 3: 'accessKeyId' would put a secret in the config file; use 'accessKeyIdEnv' instead.")]
    [InlineData("""{"name": "b", "bucket": "x", "secretAccessKeyEnv": "wJalr/K7MDENG+bPxRfiCY"}""", "line 3: 'secretAccessKeyEnv' names an environment variable")]
    [InlineData("""{"name": "b", "bucket": "x", "colour": "blue"}""", "line 3: unknown key 'colour' (known: name, type, bucket")]
    [InlineData("""{"name": "b", "bucket": "x", "type": "file"}""", "line 3: blob store type 'file' is not supported")]
    [InlineData("""{"name": "b"}""", "'bucket' is required")]
    [InlineData("""{"name": "b", "bucket": "x", "encryption": "sse-c"}""", "line 3: unknown encryption 'sse-c'")]
    public void Parse_BadBlobStore_Exits2NamingTheLine(string entry, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Parse("{\n\"setup\": {\"blobStores\": [\n" + entry + "\n]}}"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.ExitCode);
    }

    [Theory]
    [InlineData("""{"name": "a", "format": "apt", "blobStore": "s", "distribution": "d", "signingKeyFile": "k.asc", "passphrase": "hunter22"}""", "line 3: 'passphrase' would put a secret in the config file; use 'signingPassphraseEnv' instead.")]
    [InlineData("""{"name": "a", "format": "apt", "blobStore": "s", "distribution": "d", "signingKeyFile": "-----BEGIN PGP PRIVATE KEY BLOCK-----"}""", "line 3: 'signingKeyFile' is the path of the armored key file")]
    [InlineData("""{"name": "a", "format": "apt", "blobStore": "s", "signingKeyFile": "k.asc"}""", "line 3: apt repository 'a' needs 'distribution' and 'signingKeyFile'")]
    [InlineData("""{"name": "y", "format": "yum", "blobStore": "s", "repodataDepth": 6}""", "line 3: 'repodataDepth' must be 0 to 5.")]
    [InlineData("""{"name": "r", "format": "raw", "blobStore": "s", "distribution": "d"}""", "line 3: 'distribution' does not apply to a raw repository.")]
    [InlineData("""{"name": "r", "format": "raw", "blobStore": "s", "writePolicy": "sometimes"}""", "line 3: unknown writePolicy 'sometimes' (known: ALLOW, ALLOW_ONCE, DENY).")]
    [InlineData("""{"name": "r", "format": "docker", "blobStore": "s"}""", "line 3: unknown format 'docker'")]
    [InlineData("""{"name": "r", "format": "raw", "blobStore": "s", "name": "again"}""", "line 3: key 'name' appears twice")]
    public void Parse_BadRepository_Exits2NamingTheLine(string entry, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Parse("{\n\"setup\": {\"repositories\": [\n" + entry + "\n]}}"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameRepositoryTwice_NamesBothLines()
    {
        var e = Assert.Throws<UsageException>(() => Parse("""
            {"setup": {"repositories": [
              {"name": "r", "format": "raw", "blobStore": "s"},
              {"name": "R", "format": "raw", "blobStore": "s"}
            ]}}
            """));

        Assert.Contains("line 3: repository 'R' is declared twice (first on line 2).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownSetupKey_NamesTheLine()
    {
        var e = Assert.Throws<UsageException>(() => Parse("{\n\"setup\": {\n\"users\": []}}"));

        Assert.Contains("line 3: unknown setup key 'users' (known: blobStores, repositories).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SetupSample_IsValid()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NexusPush.sln")))
        {
            root = root.Parent;
        }

        var config = ConfigLoader.Load(Path.Combine(root!.FullName, "samples", "nexus-push-setup.json"), root.FullName);

        Assert.Single(config.Setup.BlobStores);
        Assert.Equal(["apt-bookworm", "yum-el8", "raw-hosted", "pypi-hosted"], config.Setup.Repositories.Select(r => r.Name));
        Assert.Equal("apt-bookworm", config.Repositories[ArtifactFormat.Apt]);
    }

    private static SyncConfig Parse(string json) => ConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "/etc/nexus/nexus-push.json");
}
