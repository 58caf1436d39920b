using System.Text.Json.Nodes;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary><c>nexus-push setup</c> against a Nexus that holds blob stores and repositories (docs/nexus-contract.md §9).</summary>
public sealed class SetupCommandTests
{
    [Fact]
    public async Task Setup_EmptyNexus_CreatesEveryDeclaredObject_BlobStoreFirst()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["POST /service/rest/v1/blobstores/s3", "POST /service/rest/v1/repositories/apt/hosted", "POST /service/rest/v1/repositories/yum/hosted", "POST /service/rest/v1/repositories/raw/hosted", "POST /service/rest/v1/repositories/pypi/hosted"],
            nexus.Writes.Select(w => $"{w.Method} {w.Path}"));
        Assert.Contains("created   blob store s3-artifacts", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("setup: 5 created, 0 updated, 0 unchanged.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("ALLOW", (string?)nexus.Repositories["raw-hosted"]["storage"]!["writePolicy"]);
        Assert.Equal(2, (int?)nexus.Repositories["yum-el8"]["yum"]!["repodataDepth"]);
    }

    [Fact]
    public async Task Setup_S3Body_HasTheRequestNamesAndTheSecretFromTheEnvironment()
    {
        await using var nexus = await ProvisioningNexus.StartAsync("3.77.1-01");
        using var fixture = new SetupFixture();

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        var body = nexus.Writes.Single(w => w.Path == "/service/rest/v1/blobstores/s3").Body;
        var expected = JsonNode.Parse("""
            {"name":"s3-artifacts","bucketConfiguration":{
              "bucket":{"name":"artifacts","region":"gra","prefix":"nexus/","expiration":3},
              "advancedConnection":{"endpoint":"https://s3.gra.example-cloud.net","forcePathStyle":true},
              "encryption":{"encryptionType":"s3ManagedEncryption","encryptionKey":null},
              "security":{"accessKeyId":"AKIDTEST4711","secretAccessKey":"s3-secret-value-9c1e"}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public async Task Setup_Nexus381_SendsNoBucketExpiration()
    {
        await using var nexus = await ProvisioningNexus.StartAsync("3.81.0-08");
        using var fixture = new SetupFixture();

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        var bucket = nexus.Writes.Single(w => w.Path == "/service/rest/v1/blobstores/s3").Body["bucketConfiguration"]!["bucket"]!.AsObject();
        Assert.False(bucket.ContainsKey("expiration"));
    }

    [Fact]
    public async Task Setup_SecondRun_MakesNoWriteAtAll()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        var writesAfterFirst = nexus.Writes.Count;

        var second = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(writesAfterFirst, nexus.Writes.Count);
        Assert.Contains("setup: 0 created, 0 updated, 5 unchanged.", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("unchanged blob store s3-artifacts", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_OneRepositoryFieldDiffers_PutsOnlyThatChange()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.Repositories["raw-hosted"]["storage"]!["writePolicy"] = "DENY";
        nexus.Repositories["raw-hosted"]["cleanup"] = JsonNode.Parse("""{"policyNames":["set-by-hand"]}""");
        var before = (JsonObject)nexus.Repositories["raw-hosted"].DeepClone();
        var writes = nexus.Writes.Count;

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        var put = Assert.Single(nexus.Writes.Skip(writes));
        Assert.Equal(("PUT", "/service/rest/v1/repositories/raw/hosted/raw-hosted"), (put.Method, put.Path));
        before.Remove("format");
        before["storage"]!["writePolicy"] = "ALLOW";
        Assert.True(JsonNode.DeepEquals(before, put.Body), put.Body.ToJsonString()); // the hand-set cleanup policy stays
        Assert.Contains("updated   repository raw-hosted: storage.writePolicy DENY → ALLOW", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_BlobStoreEndpointDiffers_PutsRequestNamesAndThePlaceholder_StoredSecretKept()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["advancedConnection"]!["endpoint"] = "https://old.example-cloud.net";
        nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["security"]!["secretAccessKey"] = "the-stored-secret";
        var writes = nexus.Writes.Count;

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        var put = Assert.Single(nexus.Writes.Skip(writes));
        Assert.Equal(("PUT", "/service/rest/v1/blobstores/s3/s3-artifacts"), (put.Method, put.Path));
        var configuration = put.Body["bucketConfiguration"]!.AsObject();
        Assert.Equal(["advancedConnection", "bucket", "encryption", "security"], configuration.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(ProvisioningNexus.Placeholder, (string?)configuration["security"]!["secretAccessKey"]);
        Assert.Equal("the-stored-secret", (string?)nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["security"]!["secretAccessKey"]);
        Assert.Equal("https://s3.gra.example-cloud.net", (string?)nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["advancedConnection"]!["endpoint"]);
        Assert.Contains("bucketConfiguration.advancedConnection.endpoint https://old.example-cloud.net → https://s3.gra.example-cloud.net", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_UpdateSecrets_SendsTheSecretKeyToAnExistingBlobStore()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["security"]!["secretAccessKey"] = "rotated-away";
        var writes = nexus.Writes.Count;

        var run = await RunAsync(nexus, fixture, "setup", "--update-secrets");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SetupFixture.SecretKey, (string?)nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["security"]!["secretAccessKey"]);
        Assert.Contains("bucketConfiguration.security.secretAccessKey (stored) → (from S3_SECRET_ACCESS_KEY)", run.Stdout, StringComparison.Ordinal);
        Assert.Single(nexus.Writes.Skip(writes), w => w.Path.Contains("blobstores", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setup_AptDistributionDiffers_ResendsKeyAndPassphrase_ComparesWithoutThem()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup")).ExitCode);
        nexus.Repositories["apt-bookworm"]["apt"]!["distribution"] = "bullseye";
        var writes = nexus.Writes.Count;

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(0, run.ExitCode);
        var put = Assert.Single(nexus.Writes.Skip(writes));
        Assert.Equal("/service/rest/v1/repositories/apt/hosted/apt-bookworm", put.Path);
        Assert.Equal("bookworm", (string?)put.Body["apt"]!["distribution"]);
        Assert.Equal(SetupFixture.PrivateKey, (string?)put.Body["aptSigning"]!["keypair"]);
        Assert.Equal(SetupFixture.Passphrase, (string?)put.Body["aptSigning"]!["passphrase"]);
        Assert.Contains("apt.distribution bullseye → bookworm; aptSigning (stored) → (from signingKeyFile and APT_KEY_PASSPHRASE)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_DryRun_PrintsOneLinePerObject_AndSendsNoWrite()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await RunAsync(nexus, fixture, "setup", "--dry-run")).ExitCode);
        Assert.Empty(nexus.Writes);

        // With some objects present and one differing: still no write, and each line says what a real run would do.
        await RunAsync(nexus, fixture, "setup");
        nexus.Repositories.Remove("pypi-hosted");
        nexus.Repositories["yum-el8"]["yum"]!["repodataDepth"] = 1;
        var writes = nexus.Writes.Count;

        var run = await RunAsync(nexus, fixture, "setup", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(writes, nexus.Writes.Count);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["unchanged blob store s3-artifacts", "unchanged repository apt-bookworm", "update    repository yum-el8: yum.repodataDepth 1 → 2", "unchanged repository raw-hosted", "create    repository pypi-hosted",
             "dry run: 1 to create, 1 to update, 3 unchanged; nothing was sent to Nexus."],
            lines);
    }

    [Fact]
    public async Task Setup_SecretsNeverPrinted_InRunsDryRunsVerboseLogsOrErrors()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        var outputs = new List<CliOutcome>
        {
            await RunAsync(nexus, fixture, "setup", "--dry-run", "-v"),
            await RunAsync(nexus, fixture, "setup", "-v"),
        };
        nexus.Repositories["apt-bookworm"]["apt"]!["distribution"] = "trixie";
        outputs.Add(await RunAsync(nexus, fixture, "setup", "-v", "--update-secrets"));

        // Nexus echoing the body (with its secrets) in an error must not carry them to the terminal either.
        nexus.BlobStores.Remove("s3-artifacts");
        nexus.EchoBodyInError.Add("/service/rest/v1/blobstores/s3");
        var failed = await RunAsync(nexus, fixture, "setup", "-v");
        Assert.Equal(2, failed.ExitCode);
        Assert.Contains("Cannot create blob store s3-artifacts", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("***", failed.Stderr, StringComparison.Ordinal);
        outputs.Add(failed);
        nexus.EchoBodyInError.Clear();
        nexus.Repositories["apt-bookworm"]["apt"]!["distribution"] = "sid";
        nexus.EchoBodyInError.Add("/service/rest/v1/repositories/apt/hosted/apt-bookworm");
        await RunAsync(nexus, fixture, "setup"); // recreates the blob store
        outputs.Add(await RunAsync(nexus, fixture, "setup", "-v"));

        foreach (var output in outputs)
        {
            foreach (var secret in SetupFixture.SecretValues)
            {
                Assert.DoesNotContain(secret, output.Stdout + output.Stderr, StringComparison.Ordinal);
            }
        }

        Assert.Contains(SetupFixture.SecretKey, nexus.Writes[0].Body.ToJsonString(), StringComparison.Ordinal); // the secret did go to Nexus
    }

    [Fact]
    public async Task Setup_Forbidden_Exits3NamingThePrivilege()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.Forbidden.Add("/service/rest/v1/repositories/apt/hosted");

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("setup needs nx-admin or nexus:repository-admin:apt:apt-bookworm:add to create repository apt-bookworm", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("created   blob store s3-artifacts", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_ForbiddenBlobStoreUpdate_NamesTheBlobStorePrivilege()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        await RunAsync(nexus, fixture, "setup");
        nexus.BlobStores["s3-artifacts"]["bucketConfiguration"]!["bucket"]!["prefix"] = "elsewhere/";
        nexus.Forbidden.Add("/service/rest/v1/blobstores/s3/s3-artifacts");

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("setup needs nx-admin or nexus:blobstores:update to update blob store s3-artifacts", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_WrongPassword_Exits3()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        var env = nexus.Env(SetupFixture.Secrets);
        env["NEXUS_PASSWORD"] = "wrong";

        var run = await CliRun.RunAsync(["setup", "--config", fixture.ConfigPath], env);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("refused the credentials", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task Setup_SecretVariableUnset_Exits2NamingIt_BeforeAnyWriteOfThatObject()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        var env = nexus.Env(SetupFixture.Secrets);
        env.Remove("S3_SECRET_ACCESS_KEY");

        var run = await CliRun.RunAsync(["setup", "--config", fixture.ConfigPath], env);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Environment variable S3_SECRET_ACCESS_KEY is not set; setup needs it to create blob store s3-artifacts.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task Setup_DryRun_SecretVariableUnset_SaysTheRunWouldFail_Exits2_NoWrite()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        var env = nexus.Env(SetupFixture.Secrets);
        env.Remove("APT_KEY_PASSPHRASE");

        var run = await CliRun.RunAsync(["setup", "--dry-run", "--config", fixture.ConfigPath], env);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("create    repository apt-bookworm — would fail: Environment variable APT_KEY_PASSPHRASE is not set; setup needs it to create repository apt-bookworm.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("create    repository yum-el8", run.Stdout.Split('\n').Select(l => l.TrimEnd()));
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task Setup_InlineSecretInTheFile_Exits2NamingTheLine_NothingSent()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture(SetupFixture.Setup.Replace("\"secretAccessKeyEnv\": \"S3_SECRET_ACCESS_KEY\"", "\"secretAccessKey\": \"wJalrXUtnFEMI\"", StringComparison.Ordinal));

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nexus-push.json line 6: 'secretAccessKey' would put a secret in the config file; use 'secretAccessKeyEnv' instead.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, nexus.CountRequests("GET", "/service/rest/v1/status"));
    }

    [Fact]
    public async Task Setup_NameTakenByAnotherFormat_Exits2SayingWhich_NoWrite()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.BlobStores["s3-artifacts"] = JsonNode.Parse("""{"name":"s3-artifacts","bucketConfiguration":{"bucket":{"name":"artifacts","region":"gra","prefix":"nexus/","expiration":3},"advancedConnection":{"endpoint":"https://s3.gra.example-cloud.net","forcePathStyle":true},"encryption":{"encryptionType":"s3ManagedEncryption","encryptionKey":null}}}""")!.AsObject();
        nexus.Repositories["apt-bookworm"] = JsonNode.Parse("""{"name":"apt-bookworm","format":"raw","online":true,"storage":{"blobStoreName":"default","writePolicy":"ALLOW"}}""")!.AsObject();

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("repository apt-bookworm (line 10) cannot be created: Nexus already has a hosted raw repository of that name", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(nexus.Writes, w => w.Path.Contains("/repositories/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setup_NexusRefusesTheBody_SaysWhichObjectAndNexusReason()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.EchoBodyInError.Add("/service/rest/v1/blobstores/s3");

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Cannot create blob store s3-artifacts: Nexus refused the settings (400): Invalid body: {", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("upload", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_NoSetupSection_Exits2()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture("\"url\": \"http://unused.invalid/\"");

        var run = await RunAsync(nexus, fixture, "setup");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("declares nothing to set up", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliOutcome> RunAsync(ProvisioningNexus nexus, SetupFixture fixture, params string[] args) =>
        CliRun.RunAsync([.. args, "--config", fixture.ConfigPath], nexus.Env(SetupFixture.Secrets));
}
