using NexusPush.Preflight;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Preflight;

/// <summary>
/// <c>upload</c> of a few files (<see cref="LeanUpload"/>): up front only <c>/v1/status</c>; the repository is proven
/// by the upload's own answer, and when that answer is a refusal the left-out checks run then, so the user gets the
/// very sentence and exit code of the thorough preflight (UploadPreflightTests runs the same cases past the few files).
/// </summary>
public sealed class LeanUploadTests
{
    [Fact]
    public async Task OneFile_CleanRepository_SendsStatusHeadUploadAndVerification_AndSaysWhyWithVerbose()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var temp = new TempDir();
        var file = temp.Write("build.log", "artifact bytes");

        var run = await CliRun.RunAsync(["-v", "upload", file, "-r", "raw-h", "--url", nexus.Url, "--retries", "0"]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(
            ["GET /service/rest/v1/status", "HEAD /repository/raw-h/build.log", "POST /service/rest/v1/components", "HEAD /repository/raw-h/build.log"],
            nexus.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Contains(LeanUpload.WhyRequests, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("left out for a few files", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilesPastTheFew_RunTheWholePreflightFirst()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        using var temp = new TempDir();
        string[] files = [.. Enumerable.Range(0, LeanUpload.MaxFiles + 1).Select(i => temp.Write($"f{i}.txt", $"file {i}"))];

        var run = await CliRun.RunAsync(["upload", .. files, "-r", "raw-h", "--url", nexus.Url, "--retries", "0"]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(1, nexus.Count("GET", "/service/rest/v1/status/writable"));
        Assert.Equal(1, nexus.Count("GET", "/service/rest/v1/repositories/raw-h"));
    }

    [Fact]
    public async Task OneFile_UnknownRepository_Exits2WithThePreflightsSentence()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubRepositoryAnswer("nope", 404).StubRepositoryList("[]");
        var file = temp.Write("a.txt", "a");

        var run = await CliRun.RunAsync(["upload", file, "-r", "nope", "--retries", "0"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: Repository 'nope' (from upload of {file}) does not exist on localhost:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(", or this user cannot see it.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneFile_PlainFileToAptRepository_Exits2WithThePreflightsSentence()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt")
            .StubUpload("apt-hosted", 400, """[{"id":"raw.asset1","message":"Unknown component field 'raw.asset1'"}]""");

        var run = await CliRun.RunAsync(["upload", temp.Write("notes.txt", "x"), "-r", "apt-hosted", "--retries", "0"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Repository 'apt-hosted' has format apt, but upload of ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("notes.txt sends raw files to it; route them to a hosted raw repository.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneFile_WrongPassword_SendsOnlyTheStatus()
    {
        await using var nexus = await KestrelNexus.StartAsync();
        nexus.On(_ => true, Support.Faults.FaultAction.Answer(401), times: -1);
        using var temp = new TempDir();

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "raw-h", "--url", nexus.Url, "--retries", "0"], new Dictionary<string, string> { ["NEXUS_USERNAME"] = "ci", ["NEXUS_PASSWORD"] = "pw" });

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["GET /service/rest/v1/status"], nexus.Requests.Select(r => $"{r.Method} {r.Path}"));
    }
}
