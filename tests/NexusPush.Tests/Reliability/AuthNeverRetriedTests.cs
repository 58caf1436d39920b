using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Reliability;

/// <summary>nexus-contract.md §1, §2.5: Nexus 3.96 locks a user name out after failed logins, so auth failures are never retried.</summary>
public sealed class AuthNeverRetriedTests
{
    private static readonly Dictionary<string, string> Credentials = new() { ["NEXUS_USERNAME"] = "ci", ["NEXUS_PASSWORD"] = "s3cret-pw" };

    [Fact]
    public async Task Upload_401_OneRequestExit3()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.txt", "a");
        using var nexus = new NexusFake();
        nexus.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("WWW-Authenticate", "BASIC realm=\"Sonatype Nexus Repository Manager\""));

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", nexus.Url, "--retry-delay", "0"], Credentials);

        Assert.Equal(ExitCodes.AuthRefused, outcome.ExitCode);
        Assert.Single(nexus.Requests);
        Assert.DoesNotContain("s3cret-pw", outcome.Stderr + outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_429LockoutOnTheFirstHead_OneRequestExit3()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.txt", "a");
        await using var server = new FaultServer();

        // A HEAD has no body: Nexus's message is in the reason phrase (nexus-contract.md §1.1).
        server.On(_ => true, FaultAction.Answer(429, "30") with { Reason = "Too many authentication attempts" }, times: -1);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--retry-delay", "0", "--no-preflight"], Credentials);

        Assert.Equal(ExitCodes.AuthRefused, outcome.ExitCode);
        Assert.Single(server.Requests);
        Assert.Contains("locked out", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_429LockoutOnTheUpload_OnePostExit3()
    {
        using var dir = new TempDir();
        var file = dir.Write("a.txt", "a");
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.Answer(429, "30", body: "Too many authentication attempts"), times: -1);

        var outcome = await CliRun.RunAsync(["upload", file, "-r", "raw", "--url", server.Url, "--retry-delay", "0"], Credentials);

        Assert.Equal(ExitCodes.AuthRefused, outcome.ExitCode);
        Assert.Single(server.Uploads);
        Assert.Empty(server.Stored);
    }
}
