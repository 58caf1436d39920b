using System.Text.Json;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Preflight;

/// <summary><c>nexus-push repos</c>: GET /v1/repositories as a table or JSON (nexus-contract.md §5.3).</summary>
public sealed class ReposCommandTests
{
    private const string List = """
        [{"name":"raw-hosted","format":"raw","type":"hosted","url":"http://n/repository/raw-hosted","attributes":{}},
         {"name":"apt-hosted","format":"apt","type":"hosted","url":"http://n/repository/apt-hosted","attributes":{}}]
        """;

    [Fact]
    public async Task Repos_Text_ListsNameFormatTypeUrlSortedByName()
    {
        using var nexus = new NexusFake().StubRepositoryList(List);

        var run = await CliRun.RunAsync(["repos"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.TrimEnd().Split('\n');
        Assert.Equal(["NAME", "FORMAT", "TYPE", "URL"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["apt-hosted", "apt", "hosted", "http://n/repository/apt-hosted"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("raw-hosted", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repos_Json_IsAnArrayOfRepositories()
    {
        using var nexus = new NexusFake().StubRepositoryList(List);

        var run = await CliRun.RunAsync(["repos", "-o", "json"], nexus.Env());

        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["apt-hosted", "raw-hosted"], doc.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Repos_Text_ServerSuppliedTextWithControlCharacters_ShownEscapedLikeLsB()
    {
        using var nexus = new NexusFake().StubRepositoryList("""
            [{"name":"evil\u001b]0;pwned\u0007\r\nraw-x","format":"raw\u001b[2J","type":"hosted\r","url":"http://n/\u001b[31m"}]
            """);

        var run = await CliRun.RunAsync(["repos"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.DoesNotContain('\r', run.Stdout);
        Assert.DoesNotContain('\a', run.Stdout);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal(["evil\\033]0;pwned\\a\\r\\nraw-x", "raw\\033[2J", "hosted\\r", "http://n/\\033[31m"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Repos_CredentialsRefused_Exits3()
    {
        using var nexus = new NexusFake();
        nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/service/rest/v1/repositories").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401));

        var run = await CliRun.RunAsync(["repos"], nexus.Env());

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("error: Nexus at", run.Stderr, StringComparison.Ordinal);
    }
}
