using NexusPush.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// Something that is not Nexus answers: an SSO gateway or reverse proxy that serves a login page (200 text/html)
/// to every request. Nothing it says may count as "stored", "identical", "credentials ok" or "writable".
/// </summary>
public sealed class NotNexusTests
{
    private const string LoginPage = "<!DOCTYPE html><html><head><title>Sign in - Corporate SSO</title></head><body><form>…</form></body></html>";

    [Fact]
    public async Task Upload_LoginPageEverywhere_OverwriteExits2NamingWhatAnswered()
    {
        using var temp = new TempDir();
        using var gateway = LoginGateway();

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--on-conflict", "overwrite", "--retries", "0"], gateway.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("answered 200 text/html", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not Nexus; is a proxy or login page in the way?", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials ok", run.Stderr + run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(gateway.Uploads);
    }

    [Fact]
    public async Task SyncDir_LoginPageEverywhere_SkipExits2BeforeAnyUpload()
    {
        using var tree = new TempDir();
        tree.Write("a.txt", "a");
        tree.Write("b/c.txt", "c");
        using var gateway = LoginGateway();

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--raw-repository", "files", "--on-conflict", "skip", "--retries", "0"], gateway.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not Nexus; is a proxy or login page in the way?", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(gateway.Uploads);
    }

    [Fact]
    public async Task Check_LoginPageEverywhere_FailsTheNexusLineAndNeverSaysCredentialsOk()
    {
        using var gateway = LoginGateway();

        var run = await CliRun.RunAsync(["check", "-r", "files"], gateway.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"nexus\s+FAILED\s+.*answered 200 text/html", run.Stdout);
        Assert.DoesNotMatch(@"credentials\s+ok", run.Stdout);
        Assert.DoesNotMatch(@"writable\s+ok", run.Stdout);
    }

    [Fact]
    public async Task Upload_RepositoryReadAnswersHtml_PreflightExits2()
    {
        // /service/rest/v1/status passes through, the REST API behind it is intercepted by a login page.
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubHealthy().StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/repositories/files").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(LoginPage));

        // Past the lean path's few files, so the whole preflight runs first.
        string[] files = [.. Enumerable.Range(0, NexusPush.Preflight.LeanUpload.MaxFiles + 1).Select(i => temp.Write($"{i}.txt", "a"))];
        var run = await CliRun.RunAsync(["upload", .. files, "-r", "files", "--retries", "0"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("answered 200 text/html to service/rest/v1/repositories/files: not Nexus", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
    }

    [Fact]
    public async Task Upload_NoPreflight_LoginPageEverywhere_FailsAndStoresNothing()
    {
        using var temp = new TempDir();
        using var gateway = LoginGateway();

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--on-conflict", "overwrite", "--no-preflight", "--retries", "0"], gateway.Env());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("answered 200 text/html", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not Nexus; is a proxy or login page in the way?", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(202)]
    public async Task Upload_SuccessOtherThan204_FailsTheItem(int status)
    {
        using var temp = new TempDir();
        using var nexus = new NexusFake().StubAbsentByDefault().StubUpload("files", status);

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--no-preflight", "--no-verify", "--retries", "0"], nexus.Env());

        Assert.Equal(4, run.ExitCode);
        Assert.Contains($"answered {status}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("instead of Nexus's 204", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_ListingAnswersHtml_NeverSkipsAndStopsNamingWhatAnswered()
    {
        // Enough files for the asset listing; the listing is a login page, HEAD a bare 200 without ETag.
        using var tree = new TempDir();
        for (var i = 0; i < 30; i++)
        {
            tree.Write($"f{i:00}.txt", $"file {i}");
        }

        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw").StubUpload("files");
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/assets").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody(LoginPage));
        nexus.Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/repository/files/*")).UsingHead()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200));

        var run = await CliRun.RunAsync(["sync-dir", tree.Path, "--raw-repository", "files", "--on-conflict", "skip", "--retries", "0", "-o", "json"], nexus.Env());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("answered 200 text/html", run.Stderr, StringComparison.Ordinal);
        Assert.All(Sync.SyncRun.Items(run.Stdout), i => Assert.Equal("failed", i.Action));
        Assert.Empty(nexus.Uploads);
    }

    private static NexusFake LoginGateway()
    {
        var fake = new NexusFake();
        fake.Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/*")).UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html; charset=utf-8").WithBody(LoginPage));
        return fake;
    }
}
