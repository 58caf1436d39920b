using System.Security.Cryptography;
using System.Text;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// An item is `uploaded` or `skipped (identical)` only when a checksum Nexus returned equals the local file's;
/// whatever cannot be proven is `failed` with a sentence that says what to do (or "not verified" with --no-verify).
/// </summary>
public sealed class VerifyInvariantTests
{
    private const string Content = "a";
    private static readonly string Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Content)));

    [Fact]
    public async Task Upload_VerifyingHeadAnswers403_FailsSayingWhatToDo()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).RespondWith(Response.Create().WithStatusCode(403));

        var run = await Upload(nexus, temp);

        Assert.Equal(4, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("HEAD answered 403", item.Reason, StringComparison.Ordinal);
        Assert.Contains("--no-verify", item.Reason, StringComparison.Ordinal);
        Assert.Single(nexus.Uploads);
    }

    [Fact]
    public async Task Upload_VerifyingHeadWithoutETag_FailsSayingWhatToDo()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake();
        StubUploadThenHead(nexus, Response.Create().WithStatusCode(204), Response.Create().WithStatusCode(200));

        var run = await Upload(nexus, temp);

        Assert.Equal(4, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("no checksum", item.Reason, StringComparison.Ordinal);
        Assert.Contains("--no-verify", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NoVerify_IsUploadedWithReasonNotVerified()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).RespondWith(Response.Create().WithStatusCode(403));

        var run = await Upload(nexus, temp, "--no-verify");

        Assert.Equal(0, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("uploaded", item.Action);
        Assert.StartsWith("not verified", item.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("skip")]
    public async Task Upload_StoredPathWithoutChecksum_CannotCompare_FailsWithoutUploading(string onConflict)
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).RespondWith(Response.Create().WithStatusCode(200));

        var run = await Upload(nexus, temp, "--on-conflict", onConflict);

        Assert.Equal(4, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("cannot compare", item.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("already holds different content", item.Reason, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
    }

    [Theory]
    [InlineData("fail", "failed")]
    [InlineData("overwrite", "planned")]
    public async Task DryRun_StoredPathWithoutChecksum_SaysWhatTheUploadWouldDecide(string onConflict, string action)
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake();
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).RespondWith(Response.Create().WithStatusCode(200));

        var run = await Upload(nexus, temp, "--dry-run", "--on-conflict", onConflict);

        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal(action, item.Action);
        Assert.Equal(action == "failed", item.Reason?.Contains("cannot compare", StringComparison.Ordinal) ?? false);
        Assert.Empty(nexus.Uploads);
    }

    [Fact]
    public async Task SyncDir_ListingWithoutChecksums_NeverSkips()
    {
        using var tree = new TempDir();
        for (var i = 0; i < 30; i++)
        {
            tree.Write($"f{i:00}.txt", $"file {i}");
        }

        var items = string.Join(',', Enumerable.Range(0, 30).Select(i => $$"""{"path":"/f{{i:00}}.txt","fileSize":6}"""));
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw").StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/assets").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""{"items":[{{items}}],"continuationToken":null}"""));
        nexus.Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/repository/files/*")).UsingHead()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200));

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--raw-repository", "files", "--on-conflict", "skip", "--retries", "0", "-o", "json"], nexus.Env());

        Assert.Equal(4, run.ExitCode);
        var results = SyncRun.Items(run.Stdout);
        Assert.Equal(30, results.Count);
        Assert.All(results, r => Assert.Equal("failed", r.Action));
        Assert.Empty(nexus.Uploads);
    }

    [Fact]
    public async Task Upload_OverwriteAndStoredPathWithoutChecksum_UploadsThenFailsVerification()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).RespondWith(Response.Create().WithStatusCode(200));

        var run = await Upload(nexus, temp, "--on-conflict", "overwrite");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("failed", Assert.Single(SyncRun.Items(run.Stdout)).Action);
        Assert.Single(nexus.Uploads);
    }

    [Theory]
    [InlineData(400, "ValidationErrorXO{id='*', message='files/a.txt cannot be updated'}")]
    [InlineData(409, "ValidationErrorXO{id='*', message='files/a.txt cannot be updated as asset already exists and redeploy is not allowed'}")]
    public async Task Upload_AllowOnceRefusalOfIdenticalBytes_IsSkippedIdenticalNotBumpTheVersion(int status, string body)
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake();
        StubUploadThenHead(nexus, Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/plain").WithBody(body), Response.Create().WithStatusCode(200).WithHeader("ETag", $"\"{Sha1}\""));

        var run = await Upload(nexus, temp);

        Assert.Equal(0, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal(("skipped", "identical"), (item.Action, item.Reason));
        Assert.DoesNotContain("bump the version", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_AllowOnceRefusalOfDifferentBytes_FailsNamingBothChecksums()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake();
        StubUploadThenHead(nexus, Response.Create().WithStatusCode(400).WithBody("ValidationErrorXO{id='*', message='files/a.txt cannot be updated'}"), Response.Create().WithStatusCode(200).WithHeader("ETag", "\"0000000000000000000000000000000000000000\""));

        var run = await Upload(nexus, temp);

        Assert.Equal(4, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("0000000000000000000000000000000000000000", item.Reason, StringComparison.Ordinal);
        Assert.Contains(Sha1, item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_AllowOnceRefusalThatCannotBeCompared_FailsSayingSo()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake();
        StubUploadThenHead(nexus, Response.Create().WithStatusCode(400).WithBody("ValidationErrorXO{id='*', message='files/a.txt cannot be updated'}"), Response.Create().WithStatusCode(403));

        var run = await Upload(nexus, temp);

        Assert.Equal(4, run.ExitCode);
        var item = Assert.Single(SyncRun.Items(run.Stdout));
        Assert.Equal("failed", item.Action);
        Assert.Contains("cannot compare", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_RetryAfterFullBody_HeadWithoutETagOr403_IsNotStoredAndTheFileIsSentAgain()
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake();
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingPost()).AtPriority(5).InScenario("retry").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(503));
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingPost()).AtPriority(1).InScenario("retry").WhenStateIs("failed once").WillSetStateTo("stored")
            .RespondWith(Response.Create().WithStatusCode(204));
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).AtPriority(1).InScenario("retry").WhenStateIs("stored")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", $"\"{Sha1}\""));
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(403));

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", Content), "-r", "files", "--no-preflight", "--retries", "2", "--retry-delay", "0", "-o", "json"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, nexus.Uploads.Count);
        Assert.Equal("uploaded", Assert.Single(SyncRun.Items(run.Stdout)).Action);
    }

    private static Task<CliOutcome> Upload(NexusFake nexus, TempDir temp, params string[] more) =>
        CliRun.RunAsync(["upload", temp.Write("a.txt", Content), "-r", "files", "--no-preflight", "--retries", "0", "-o", "json", .. more], nexus.Env());

    /// <summary>HEAD answers 404 until the first upload, then <paramref name="headAfter"/>.</summary>
    private static void StubUploadThenHead(NexusFake nexus, IResponseBuilder upload, IResponseBuilder headAfter)
    {
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/components").UsingPost()).AtPriority(5).InScenario("s").WillSetStateTo("posted")
            .RespondWith(upload);
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).AtPriority(1).InScenario("s").WhenStateIs("posted")
            .RespondWith(headAfter);
        nexus.Server.Given(Request.Create().WithPath("/repository/files/a.txt").UsingHead()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(404));
    }
}
