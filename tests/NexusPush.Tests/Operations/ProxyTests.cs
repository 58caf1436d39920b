using NexusPush.Tests.Support;

namespace NexusPush.Tests.Operations;

/// <summary>
/// HTTP_PROXY is honoured. The default proxy reads the process environment once, so this runs the built
/// tool in a child process whose environment names a WireMock "proxy" on loopback; the Nexus host name is never
/// resolved here, the proxy gets the absolute URL.
/// </summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task Check_HttpProxySet_SendsRequestsThroughTheProxy()
    {
        using var proxy = new NexusFake().StubHealthy();

        var (exitCode, stdout, stderr) = await RunToolAsync(["check", "--url", "http://nexus.example.invalid/", "--retries", "0"], new() { ["HTTP_PROXY"] = proxy.Url });

        Assert.True(exitCode == 0, stdout + stderr);
        var status = proxy.Requests.First(r => r.RequestMessage!.Path == "/service/rest/v1/status");
        Assert.Equal("nexus.example.invalid", status.RequestMessage!.Headers!["Host"][0]);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToolAsync(string[] args, Dictionary<string, string> environment)
    {
        var run = await ToolProcess.RunAsync(args, environment);
        return (run.ExitCode, run.Stdout, run.Stderr);
    }
}
