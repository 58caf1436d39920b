using NexusPush.Tests.Support;

namespace NexusPush.Tests.Preflight;

/// <summary>
/// Preflight with the configuration sync-dir uses: flags, environment and the config file. sync-dir runs
/// it before comparing anything with Nexus; check -v shows where each setting came from.
/// </summary>
public sealed class ConfiguredRunTests
{
    [Fact]
    public async Task SyncDir_WrongPassword_Exits3BeforeListingOrUploading()
    {
        using var tree = new TempDir();
        tree.Write("a/b.txt", "b");
        using var nexus = new NexusFake().StubStatus(401).StubUpload("raw-h");

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--raw-repository", "raw-h", "--retries", "0"], nexus.Env());

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("refused the credentials of user 'ci' (401)", run.Stderr, StringComparison.Ordinal);
        Assert.Single(nexus.Requests);
    }

    [Fact]
    public async Task SyncDir_RuleSendsDebsToARawRepository_Exits2NamingTheRule()
    {
        using var tree = new TempDir();
        tree.Write("pool/x.txt", "x");
        var config = tree.Write("../" + Guid.NewGuid().ToString("N") + ".json", """
            {
              // a rule that sends packages to the wrong kind of repository
              "rules": [ { "match": "**/*.deb", "repository": "files" } ],
              "repositories": { "raw": "files" }
            }
            """);
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw").StubUpload("files");

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--config", config, "--retries", "0"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Repository 'files' has format raw, but rule \"**/*.deb\"", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
        File.Delete(config);
    }

    [Fact]
    public async Task SyncDir_NoPreflight_SkipsTheChecks()
    {
        using var tree = new TempDir();
        tree.Write("a.txt", "a");
        using var nexus = new NexusFake().StubAbsentByDefault().StubUpload("raw-h");
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/service/rest/v1/assets").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("""{"items":[],"continuationToken":null}"""));

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--raw-repository", "raw-h", "--no-preflight", "--no-verify", "--retries", "0"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(nexus.Requests, r => r.RequestMessage!.Path.StartsWith("/service/rest/v1/status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_ConfigFile_ChecksItsRepositoriesAndShowsWhereEachSettingCameFrom()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt").StubRepository("yum-el9", "yum");
        var config = temp.Write("nexus-push.json", $$"""
            {
              "url": "{{nexus.Url}}",
              "username": "from-file",
              "repositories": { "apt": "apt-hosted" },
              "rules": [ { "match": "*/el9/*.rpm", "repository": "yum-el9" } ]
            }
            """);

        var run = await CliRun.RunAsync(["check", "--config", config, "-v", "--apt-repository", "apt-hosted"], new Dictionary<string, string> { ["NEXUS_PASSWORD"] = "pw-from-env" });

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => l.StartsWith("url ", StringComparison.Ordinal) && l.EndsWith($"config {config}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("username ", StringComparison.Ordinal) && l.Contains("from-file", StringComparison.Ordinal) && l.EndsWith($"config {config}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("apt-repository ", StringComparison.Ordinal) && l.EndsWith("--apt-repository", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("repository yum-el9 ", StringComparison.Ordinal) && l.Contains("hosted yum, readable", StringComparison.Ordinal));
        Assert.DoesNotContain("pw-from-env", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, nexus.CountPath("/service/rest/v1/repositories/yum-el9"));
    }

    [Fact]
    public async Task Check_FlagBeatsEnvironmentBeatsConfigFile()
    {
        using var temp = new TempDir();
        using var flagged = new NexusFake().StubHealthy();
        using var fromEnv = new NexusFake().StubHealthy();
        using var fromFile = new NexusFake().StubHealthy();
        var config = temp.Write("c.json", $$"""{ "url": "{{fromFile.Url}}" }""");
        var env = new Dictionary<string, string> { ["NEXUS_URL"] = fromEnv.Url };

        await CliRun.RunAsync(["check", "--config", config, "--url", flagged.Url], env);
        await CliRun.RunAsync(["check", "--config", config], env);
        await CliRun.RunAsync(["check", "--config", config]);

        Assert.Equal(1, flagged.CountPath("/service/rest/v1/status"));
        Assert.Equal(1, fromEnv.CountPath("/service/rest/v1/status"));
        Assert.Equal(1, fromFile.CountPath("/service/rest/v1/status"));
    }
}
