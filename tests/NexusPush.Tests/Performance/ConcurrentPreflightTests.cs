using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NexusPush.Cli;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Performance;

/// <summary>
/// One-file upload start-up: once /status accepted the credentials, the preflight's other
/// reads go out together, so a Buildbot step pays one round trip for them, not four.
/// </summary>
public sealed class ConcurrentPreflightTests
{
    [Fact]
    public async Task Check_AfterStatus_WritableEulaAndRepositoryRequestsAreInFlightTogether()
    {
        var ct = TestContext.Current.CancellationToken;
        var repositoryAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writableSawRepository = false;

        await using var app = LoopbackKestrel.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.Server = "Nexus/3.77.1-01 (COMMUNITY)";
            await next(context);
        });
        app.MapGet("/service/rest/v1/status", () => Results.Ok());

        // Answers only once the repository request has arrived (or after 5 s, when the client sends one at a time).
        app.MapGet("/service/rest/v1/status/writable", async () =>
        {
            writableSawRepository = await Task.WhenAny(repositoryAsked.Task, Task.Delay(TimeSpan.FromSeconds(5), ct)) == repositoryAsked.Task;
            return Results.Ok();
        });
        app.MapGet("/service/rest/v1/system/eula", () => Results.Text("""{"accepted":true}""", "application/json"));
        app.MapGet("/service/rest/v1/repositories/raw-hosted", () =>
        {
            repositoryAsked.TrySetResult();
            return Results.Text("""{"name":"raw-hosted","format":"raw","type":"hosted","url":"x"}""", "application/json");
        });
        app.MapMethods("/repository/raw-hosted/{**path}", ["HEAD"], () => Results.NotFound());
        var url = $"http://127.0.0.1:{await LoopbackKestrel.StartAsync(app)}/";

        var run = await CliRun.RunAsync(["check", "--url", url, "--raw-repository", "raw-hosted"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stdout + run.Stderr);
        Assert.True(writableSawRepository, "the repository check went out only after /status/writable answered");
        Assert.Contains("raw-hosted", run.Stdout, StringComparison.Ordinal);
    }
}
