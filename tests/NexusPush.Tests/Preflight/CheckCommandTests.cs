using System.Text.Json;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Preflight;

/// <summary><c>nexus-push check</c> end to end against a WireMock Nexus (nexus-contract.md §1, §5.3, §5.4).</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_EverythingInOrder_ExitsZeroAndShowsVersionAndEdition()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("apt-hosted", "apt").StubRepository("files", "raw");

        var run = await CliRun.RunAsync(["check", "--apt-repository", "apt-hosted", "-r", "files"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nexus 3.77.1-01 (COMMUNITY)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hosted apt, readable", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hosted raw, readable", run.Stdout, StringComparison.Ordinal);

        // Preemptive Basic auth on every request (nexus-contract.md §1), and a read probe per repository (§4).
        Assert.All(nexus.Requests, r => Assert.StartsWith("Basic ", r.RequestMessage!.Headers!["Authorization"][0], StringComparison.Ordinal));
        Assert.Equal(1, nexus.CountPath("/repository/apt-hosted/.nexus-push-preflight"));
    }

    [Fact]
    public async Task Check_WrongPassword_Exits3WithoutFurtherLoginAttempts()
    {
        using var nexus = new NexusFake().StubStatus(401);

        var run = await CliRun.RunAsync(["check", "--apt-repository", "apt-hosted"], nexus.Env());

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("refused the credentials of user 'ci'", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", run.Stdout + run.Stderr, StringComparison.Ordinal);

        // nexus-contract.md §1: every further request with a bad password is one more failed login towards the lockout.
        Assert.Single(nexus.Requests);
    }

    [Fact]
    public async Task Check_UnknownRepository_Exits2AndSuggestsHostedOnesOfTheFormat()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepositoryAnswer("apt-hostd", 404)
            .StubRepositoryList("""[{"name":"apt-hosted","format":"apt","type":"hosted"},{"name":"apt-proxy","format":"apt","type":"proxy"},{"name":"files","format":"raw","type":"hosted"}]""");

        var run = await CliRun.RunAsync(["check", "--apt-repository", "apt-hostd"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("repository 'apt-hostd' (from --apt-repository) does not exist", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hosted apt repositories you can see: apt-hosted.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ServerOlderThan338_FindsTheRepositoryInTheList()
    {
        // GET /v1/repositories/{name} exists from 3.38 (nexus-contract.md §5.3); before, every name answers 404.
        using var nexus = new NexusFake().StubHealthy("Nexus/3.30.1-01 (OSS)").StubRepositoryAnswer("apt-hosted", 404)
            .StubRepositoryList("""[{"name":"apt-hosted","format":"apt","type":"hosted","url":"u"}]""");

        var run = await CliRun.RunAsync(["check", "--apt-repository", "apt-hosted"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nexus 3.30.1-01 (OSS)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hosted apt, readable", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxy", "apt", "is a proxy repository; uploads need a hosted one")]
    [InlineData("group", "apt", "is a group repository")]
    [InlineData("hosted", "raw", "has format raw, but --apt-repository sends apt files to it")]
    public async Task Check_RepositoryOfWrongTypeOrFormat_Exits2(string type, string format, string expected)
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("target", format, type);

        var run = await CliRun.RunAsync(["check", "--apt-repository", "target"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UserMayBrowseButNotRead_WarnsButExits0()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw");
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/repository/files/.nexus-push-preflight").UsingHead())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(403));

        var run = await CliRun.RunAsync(["check", "-r", "files"], nexus.Env());

        // Upload needs browse + add, not read (nexus-contract.md §2.3): a warning, as upload itself treats HEAD 403.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning  hosted raw, but user 'ci' may not read it (HEAD answered 403)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AnonymousWithoutRead_Exits3()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw");
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/repository/files/.nexus-push-preflight").UsingHead())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401));

        var run = await CliRun.RunAsync(["check", "-r", "files"], new Dictionary<string, string> { ["NEXUS_URL"] = nexus.Url });

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Anonymous access may not read repository 'files' (401)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_EulaNotAccepted_Exits2WithOneSentence()
    {
        using var nexus = new NexusFake().StubHealthy();
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/service/rest/v1/system/eula").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("""{"accepted":false,"disclaimer":"…"}"""));

        var run = await CliRun.RunAsync(["check"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("until an administrator accepts the Community Edition EULA", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UsageLimitReached_Exits2WithPaymentRequiredSentence()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepositoryAnswer(
            "files", 403, "PAYMENT REQUIRED: At current usage levels, Sonatype Nexus Repository Community Edition requires a paid license. INSTANCE ID: 1");

        var run = await CliRun.RunAsync(["check", "-r", "files"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Community Edition usage limit is reached", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NothingListens_Exits2NamingTheHost()
    {
        var port = Operations.FreePort.Next();

        var run = await CliRun.RunAsync(["check", "--url", $"http://127.0.0.1:{port}/", "--retries", "0"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port} refused the connection", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NotANexusUrl_Exits2SayingSo()
    {
        using var nexus = new NexusFake().StubStatus(404, server: "nginx");

        var run = await CliRun.RunAsync(["check"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not the base URL of a Nexus 3 server", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_JsonOutput_IsOneDocumentWithServerChecksAndExitCode()
    {
        using var nexus = new NexusFake().StubHealthy().StubRepository("files", "raw", "proxy");

        var run = await CliRun.RunAsync(["check", "-r", "files", "--output", "json"], nexus.Env());

        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("3.77.1-01", doc.RootElement.GetProperty("server").GetProperty("version").GetString());
        Assert.Equal("COMMUNITY", doc.RootElement.GetProperty("server").GetProperty("edition").GetString());
        var repository = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "repository files");
        Assert.Equal("FAILED", repository.GetProperty("status").GetString());
        Assert.Equal("configuration", repository.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Check_Verbose_ShowsEachSettingsSourceAndNeverThePassword()
    {
        using var nexus = new NexusFake().StubHealthy();

        var run = await CliRun.RunAsync(["check", "-v", "--retries", "2"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("url ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("env NEXUS_URL", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("password ", StringComparison.Ordinal) && l.Contains("<hidden>", StringComparison.Ordinal) && l.TrimEnd().EndsWith("NEXUS_PASSWORD", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("retries ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("--retries", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("timeout ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("default", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret-pw", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_VerboseJson_CarriesSettingsWithSourcesAndNoSecret()
    {
        using var nexus = new NexusFake().StubHealthy();

        var run = await CliRun.RunAsync(["check", "-v", "-o", "json", "--url", nexus.Url], new Dictionary<string, string> { ["NEXUS_TOKEN"] = "tok-user:tok-secret" });

        using var doc = JsonDocument.Parse(run.Stdout);
        var settings = doc.RootElement.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => (Value: s.GetProperty("value").GetString(), Source: s.GetProperty("source").GetString()));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal((nexus.Url, "--url"), settings["url"]);
        Assert.Equal(("tok-user", "env NEXUS_TOKEN"), settings["username"]);
        Assert.Equal(("<hidden>", "NEXUS_TOKEN"), settings["password"]);
        Assert.DoesNotContain("tok-secret", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }
}
