using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NexusPush.Tests.Reliability;

/// <summary><c>--alert-webhook</c> posts <c>{"text": …}</c> on exit 4 or 5, never with a secret, never changing the exit code.</summary>
public sealed class AlertWebhookTests : IDisposable
{
    private const string Password = "pa55-w0rd-xyz";
    private readonly TempDir _dir = new();
    private readonly WireMockServer _hook = WireMockServer.Start();

    public void Dispose()
    {
        _hook.Stop();
        _dir.Dispose();
    }

    private string HookUrl => _hook.Urls[0] + "/hooks/T000/B000/secret-token";

    [Fact]
    public async Task Run_SavedToFallback_PostsCountsHostAndFolderWithoutSecrets()
    {
        _hook.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var a = _dir.Write("a.txt", "alpha");
        var fallback = Path.Combine(_dir.Path, "fb");
        var nexus = ClosedPort.Url().Replace("http://", $"http://ci:{Password}@", StringComparison.Ordinal);

        var run = await CliRun.RunAsync(
            ["upload", a, "-r", "raw-hosted", "--url", nexus, "--retries", "0", "--fallback-dir", fallback, "--alert-webhook", HookUrl],
            new Dictionary<string, string> { ["NEXUS_PASSWORD"] = Password, ["NEXUS_USERNAME"] = "ci" });

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        var request = Assert.Single(_hook.LogEntries).RequestMessage!;
        Assert.StartsWith("application/json", request.Headers!["Content-Type"][0], StringComparison.Ordinal);
        var text = JsonDocument.Parse(request.Body!).RootElement.GetProperty("text").GetString()!;
        Assert.Contains("exit 5", text, StringComparison.Ordinal);
        Assert.Contains("0 uploaded", text, StringComparison.Ordinal);
        Assert.Contains("1 saved to the fallback folder " + fallback, text, StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, request.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", request.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_UrlOnlyInConfigFile_AlertNamesThatNexus()
    {
        _hook.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        _dir.Write("tree/a.txt", "alpha");
        var nexus = ClosedPort.Url();
        var config = _dir.Write("nexus-push.json", $$"""{ "url": "{{nexus}}", "repositories": { "raw": "raw-hosted" } }""");

        var run = await CliRun.RunAsync(
            ["sync-dir", Path.Combine(_dir.Path, "tree"), "--config", config, "--retries", "0", "--fallback-dir", Path.Combine(_dir.Path, "fb"), "--alert-webhook", HookUrl, "--no-progress"]);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        var text = JsonDocument.Parse(Assert.Single(_hook.LogEntries).RequestMessage!.Body!).RootElement.GetProperty("text").GetString()!;
        Assert.Contains(new Uri(nexus).Authority, text, StringComparison.Ordinal);
        Assert.DoesNotContain("(no URL)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Success_PostsNothing()
    {
        await using var server = new FaultServer();
        var a = _dir.Write("a.txt", "alpha");

        var run = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", server.Url, "--alert-webhook", HookUrl]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(_hook.LogEntries);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WebhookFails_ExitCodeUnchangedOneWarningNoWebhookSecret(bool webhookAnswers500)
    {
        _hook.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        var hook = webhookAnswers500 ? HookUrl : ClosedPort.Url() + "hooks/secret-token";
        var a = _dir.Write("a.txt", "alpha");
        await using var server = new FaultServer();
        server.OnUpload(FaultAction.Answer(409, body: "{\"id\":\"*\",\"message\":\"raw-hosted/a.txt cannot be updated\"}"));

        var run = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", server.Url, "--alert-webhook", hook]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("alert webhook", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-token", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WebhookNotAUrl_UsageErrorNothingSent()
    {
        await using var server = new FaultServer();
        var a = _dir.Write("a.txt", "alpha");

        var run = await CliRun.RunAsync(["upload", a, "-r", "raw-hosted", "--url", server.Url, "--alert-webhook", "hooks.example.com/abc"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--alert-webhook must be an http:// or https:// URL", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
