using NexusPush.Preflight;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Preflight;

/// <summary>
/// <c>upload</c> of more files than <see cref="LeanUpload.MaxFiles"/> runs the whole preflight before any work:
/// misconfiguration fails in seconds, an unavailable Nexus does not (the lean path of fewer files: LeanUploadTests).
/// </summary>
public sealed class UploadPreflightTests
{
    [Fact]
    public async Task Upload_WrongPassword_Exits3BeforeAnyUpload()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubStatus(401).StubUpload("files");

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files"], nexus.Env());

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("error: Nexus at localhost:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("refused the credentials of user 'ci' (401)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
        Assert.Single(nexus.Requests);
    }

    [Fact]
    public async Task Upload_PlainFileToAptRepository_Exits2BeforeAnyUpload()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt").StubUpload("apt-hosted");

        var run = await CliRun.RunAsync(["upload", temp.Write("notes.txt", "x"), .. Others(temp), "-r", "apt-hosted"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Repository 'apt-hosted' has format apt, but upload of ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("notes.txt sends raw files to it; route them to a hosted raw repository.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
    }

    [Fact]
    public async Task Upload_UnknownRepository_Exits2BeforeHashingOrUploading()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubRepositoryAnswer("nope", 404).StubRepositoryList("[]");

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), .. Others(temp), "-r", "nope"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'nope' (from upload of", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
    }

    [Fact]
    public async Task Upload_NoPreflight_SendsNoStatusOrRepositoryRequests()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubAbsentByDefault().StubUpload("files");

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--no-preflight", "--no-verify"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Single(nexus.Uploads);
        Assert.DoesNotContain(nexus.Requests, r => r.RequestMessage!.Path.StartsWith("/service/rest/v1/status", StringComparison.Ordinal));
        Assert.DoesNotContain(nexus.Requests, r => r.RequestMessage!.Path.StartsWith("/service/rest/v1/repositories", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_NexusAnswers503_IsNotAConfigurationErrorAndItemsFailWithExit4()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubStatus(503).StubUpload("files", 503);
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/repository/*").UsingHead())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--retries", "0"], nexus.Env());

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("Going on", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("failed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_HealthyNexusAndMatchingRepository_Uploads()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw").StubUpload("files");

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), .. Others(temp), "-r", "files", "--no-verify"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1 + LeanUpload.MaxFiles, nexus.Uploads.Count);
        Assert.Equal(1, nexus.CountPath("/service/rest/v1/repositories/files"));
    }

    /// <summary>Enough more files that the upload is past <see cref="LeanUpload.MaxFiles"/> and runs the whole preflight first.</summary>
    private static string[] Others(TempDir temp) =>
        [.. Enumerable.Range(1, LeanUpload.MaxFiles).Select(i => temp.Write($"other{i}.txt", $"other {i}"))];
}
