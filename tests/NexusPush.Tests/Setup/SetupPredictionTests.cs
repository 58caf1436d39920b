using System.Text.Json.Nodes;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary>
/// <c>setup --dry-run</c> predicts the real run, and the real run checks everything knowable before its first write:
/// names, blob stores, formats, secrets, and whether Nexus's answers can be the base of a write at all.
/// </summary>
public sealed class SetupPredictionTests
{
    private const string RawHostedPath = "/service/rest/v1/repositories/raw/hosted/raw-hosted";

    private static readonly string OrphanSetup = SetupFixture.Setup.Replace(
        """{ "name": "pypi-hosted", "format": "pypi", "blobStore": "s3-artifacts" }""",
        """{ "name": "pypi-hosted", "format": "pypi", "blobStore": "s3-artifacts" },""" + "\n" + """{ "name": "raw-orphan", "format": "raw", "blobStore": "nowhere" }""",
        StringComparison.Ordinal);

    [Fact]
    public async Task DryRun_RepositoryNameNexusRefuses_Exits2AtLoad_WithTheLine_NothingAsked()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture(SetupFixture.Setup.Replace("\"name\": \"raw-hosted\"", "\"name\": \"raw-ñew\u200b\"", StringComparison.Ordinal));

        var dry = await RunAsync(nexus, fixture, "setup", "--dry-run");
        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal((2, 2), (dry.ExitCode, run.ExitCode));
        Assert.Contains(@"'raw-ñew\342\200\213' from " + fixture.ConfigPath + " line 13 is not a Nexus repository name", dry.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, nexus.CountRequests("GET", "/service/rest/v1/status"));
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task DryRun_RepositoryOnABlobStoreNeitherInNexusNorDeclared_Exits2NamingIt_NoWrite()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture(OrphanSetup);

        var run = await RunAsync(nexus, fixture, "setup", "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("create    repository raw-orphan — would fail: repository raw-orphan (line 15) is to be stored in blob store 'nowhere', which neither Nexus nor the declaration has", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task RealRun_RepositoryOnAMissingBlobStore_Exits2BeforeTheFirstWrite()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture(OrphanSetup);

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("blob store 'nowhere', which neither Nexus nor the declaration has", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task Setup_RepositoryOnABlobStoreNexusHas_IsCreated()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture(OrphanSetup.Replace("\"nowhere\"", "\"default\"", StringComparison.Ordinal));

        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup", "--dry-run")).ExitCode);
        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("default", (string?)nexus.Repositories["raw-orphan"]["storage"]!["blobStoreName"]);
    }

    [Fact]
    public async Task Setup_BlobStoreNameTakenByAnotherType_Exits2UpFront_InTheDryRunToo()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.OtherBlobStores.Add("s3-artifacts");

        var dry = await RunAsync(nexus, fixture, "setup", "--dry-run");
        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal((2, 2), (dry.ExitCode, run.ExitCode));
        Assert.Contains("create    blob store s3-artifacts — would fail: blob store s3-artifacts (line 4) cannot be created: Nexus already has a File blob store of that name", dry.Stdout, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task RealRun_LastNameTakenByAnotherFormat_NothingWritten()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.Repositories["pypi-hosted"] = JsonNode.Parse("""{"name":"pypi-hosted","format":"npm","online":true,"storage":{"blobStoreName":"default","strictContentTypeValidation":true,"writePolicy":"ALLOW"}}""")!.AsObject();

        var dry = await RunAsync(nexus, fixture, "setup", "--dry-run");
        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal((2, 2), (dry.ExitCode, run.ExitCode));
        Assert.Contains("Nexus already has a hosted npm repository of that name", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task RealRun_SecretOfALaterObjectUnset_NothingWritten()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        var env = nexus.Env(SetupFixture.Secrets);
        env.Remove("APT_KEY_PASSPHRASE");

        var run = await CliRun.RunAsync(["setup", "--config", fixture.ConfigPath], env);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Environment variable APT_KEY_PASSPHRASE is not set; setup needs it to create repository apt-bookworm.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task Setup_AnotherBlobStoreForAnExistingRepository_RefusedUpFront_InTheDryRunToo()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.Repositories["raw-hosted"]["storage"]!["blobStoreName"] = "default";
        var writes = nexus.Writes.Count;

        var dry = await RunAsync(nexus, fixture, "setup", "--dry-run");
        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal((2, 2), (dry.ExitCode, run.ExitCode));
        Assert.Contains("repository raw-hosted (line 13) is stored in blob store 'default'; Nexus cannot move an existing repository to another blob store ('s3-artifacts')", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(writes, nexus.Writes.Count);
    }

    [Theory]
    [InlineData("{}", "lacks name, format, type, online, storage.blobStoreName, storage.writePolicy, storage.strictContentTypeValidation")]
    [InlineData("""{"name":"other","format":"raw","type":"hosted","online":true,"storage":{"blobStoreName":"s3-artifacts","strictContentTypeValidation":true,"writePolicy":"ALLOW"}}""", "name 'other' (not raw-hosted)")]
    [InlineData("""{"name":"raw-hosted","format":"npm","type":"hosted","online":true,"storage":{"blobStoreName":"s3-artifacts","strictContentTypeValidation":true,"writePolicy":"ALLOW"}}""", "format 'npm' (not raw)")]
    [InlineData("""{"name":"raw-hosted","format":"raw","type":"proxy","online":true,"storage":{"blobStoreName":"s3-artifacts","strictContentTypeValidation":true,"writePolicy":"ALLOW"}}""", "type 'proxy' (not hosted)")]
    [InlineData("""{"name":"raw-hosted","format":"raw","type":"hosted","online":"yes","storage":{"blobStoreName":"s3-artifacts","strictContentTypeValidation":true}}""", "lacks online, storage.writePolicy")]
    [InlineData("""{"name":"raw\u001b[2J","format":"raw","type":"hosted","online":true,"storage":{"blobStoreName":"s3-artifacts","strictContentTypeValidation":true,"writePolicy":"ALLOW"}}""", @"name 'raw\033[2J' (not raw-hosted)")]
    public async Task Setup_ExistingRepositoryAnsweredWithoutWhatAPutNeeds_Exits2_NoWriteAtAll(string answer, string expected)
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.Repositories["raw-hosted"]["storage"]!["writePolicy"] = "DENY"; // an update is due: it must not be built from the junk
        nexus.JunkAnswers[RawHostedPath] = answer;
        var writes = nexus.Writes.Count;

        var dry = await RunAsync(nexus, fixture, "setup", "--dry-run");
        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal((2, 2), (dry.ExitCode, run.ExitCode));
        Assert.Contains($"The answer to GET service/rest/v1/repositories/raw/hosted/raw-hosted is not the settings of repository raw-hosted: {expected};", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("setup writes nothing based on it", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Stderr + run.Stdout + dry.Stdout + dry.Stderr, StringComparison.Ordinal);
        Assert.Equal(writes, nexus.Writes.Count);
    }

    [Fact]
    public async Task Setup_ExistingBlobStoreAnsweredWithEmptyObject_Exits2_NoWrite()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.JunkAnswers["/service/rest/v1/blobstores/s3/s3-artifacts"] = "{}";
        var writes = nexus.Writes.Count;

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not the settings of blob store s3-artifacts: lacks name, bucketConfiguration.bucket.name, bucketConfiguration.bucket.region;", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(writes, nexus.Writes.Count);
    }

    [Fact]
    public async Task Setup_ServerSuppliedValuesInPlanLines_AreEscaped()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.Repositories["apt-bookworm"]["apt"]!["distribution"] = "bull\u001b[2Jseye\nforged line";

        var run = await RunAsync(nexus, fixture, "setup", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(@"apt.distribution bull\033[2Jseye\nforged line → bookworm", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_NameTakenAnswerWithControlCharacters_IsEscaped()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.Repositories["pypi-hosted"] = JsonNode.Parse("""{"name":"pypi-hosted","format":"n\u001b]0;pwned\u0007pm","online":true,"storage":{"blobStoreName":"default","strictContentTypeValidation":true,"writePolicy":"ALLOW"}}""")!.AsObject();

        var run = await RunAsync(nexus, fixture, "setup", "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(@"a hosted n\033]0;pwned\apm repository", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliOutcome> RunAsync(ProvisioningNexus nexus, SetupFixture fixture, params string[] args) =>
        CliRun.RunAsync([.. args, "--config", fixture.ConfigPath], nexus.Env(SetupFixture.Secrets));
}
