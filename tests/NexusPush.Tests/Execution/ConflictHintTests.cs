using NexusPush.Cli;
using NexusPush.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Execution;

/// <summary>
/// A conflict's hint suggests <c>--on-conflict overwrite</c> only where the repository's write policy allows redeploy,
/// as the preflight read it from the hosted repository's settings; when it could not read them, the hint says so.
/// </summary>
public sealed class ConflictHintTests
{
    private const string SettingsPath = "/service/rest/v1/repositories/raw/hosted/raw-hosted";
    private const string OtherSha1 = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task Upload_ConflictInAnAllowRepository_SuggestsOverwrite()
    {
        var (result, settingsReads) = await UploadConflictingAsync(Settings("ALLOW"));

        Assert.Equal(ExitCodes.ItemsFailed, result.ExitCode);
        Assert.Contains("; use --on-conflict overwrite to replace it (the repository allows redeploy), or --on-conflict skip to keep Nexus's copy", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, settingsReads);
    }

    [Theory]
    [InlineData("ALLOW_ONCE")]
    [InlineData("deny")]
    public async Task Upload_ConflictInARepositoryWithoutRedeploy_DoesNotSuggestOverwrite(string policy)
    {
        var (result, settingsReads) = await UploadConflictingAsync(Settings(policy));

        Assert.Equal(ExitCodes.ItemsFailed, result.ExitCode);
        Assert.Contains("; bump the version, or use --on-conflict skip to keep Nexus's copy (the repository does not allow redeploy)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--on-conflict overwrite", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, settingsReads);
    }

    [Fact]
    public async Task Upload_SettingsForbidden_HintSaysIfTheRepositoryAllowsRedeploy()
    {
        var (result, settingsReads) = await UploadConflictingAsync(Response.Create().WithStatusCode(403));

        Assert.Equal(ExitCodes.ItemsFailed, result.ExitCode);
        Assert.Contains("; use --on-conflict skip to keep Nexus's copy, or --on-conflict overwrite if the repository allows redeploy", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, settingsReads);
    }

    [Fact]
    public async Task Upload_SettingsAnswer500_ReadOnceAndHintSaysIfTheRepositoryAllowsRedeploy()
    {
        var (result, settingsReads) = await UploadConflictingAsync(Response.Create().WithStatusCode(500));

        Assert.Equal(ExitCodes.ItemsFailed, result.ExitCode);
        Assert.Contains("or --on-conflict overwrite if the repository allows redeploy", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, settingsReads);
    }

    [Fact]
    public async Task SyncDir_ConflictFoundWhilePlanning_UsesThePreflightsPolicy()
    {
        using var temp = new TempDir();
        temp.Write("a.bin", "new content");
        using var nexus = new NexusFake().StubHealthy().StubRepository("raw-hosted", "raw").StubStored("raw-hosted", "/a.bin", OtherSha1);
        nexus.Server.Given(Request.Create().WithPath(SettingsPath).UsingGet()).RespondWith(Settings("ALLOW_ONCE"));

        var run = await CliRun.RunAsync(["sync-dir", temp.Path, "--raw-repository", "raw-hosted", "--dry-run"], nexus.Env()).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Contains("(the repository does not allow redeploy)", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, nexus.CountPath(SettingsPath));
    }

    private static IResponseBuilder Settings(string policy) => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
        .WithBody($$$"""{"name":"raw-hosted","format":"raw","online":true,"storage":{"blobStoreName":"default","strictContentTypeValidation":true,"writePolicy":"{{{policy}}}"}}""");

    private static async Task<(CliOutcome Run, int SettingsReads)> UploadConflictingAsync(IResponseBuilder settings)
    {
        using var temp = new TempDir();
        var file = temp.Write("a.bin", "new content");
        using var nexus = new NexusFake().StubHealthy().StubRepository("raw-hosted", "raw").StubStored("raw-hosted", "/a.bin", OtherSha1).StubUpload("raw-hosted");
        nexus.Server.Given(Request.Create().WithPath(SettingsPath).UsingGet()).RespondWith(settings);
        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted"], nexus.Env()).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (run, nexus.CountPath(SettingsPath));
    }
}
