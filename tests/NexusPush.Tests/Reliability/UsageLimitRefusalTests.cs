using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;
using NexusPush.Tests.Sync;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// Past the Community Edition usage limit Nexus refuses new components with 403 "PAYMENT REQUIRED": the run sends
/// no further upload (each request counts against the limit), never retries the refused one, and the files not
/// stored go to the fallback folder (exit 5) or fail as not attempted (exit 4), with one sentence and the alert.
/// </summary>
public sealed class UsageLimitRefusalTests : IAsyncLifetime
{
    private const int Stored = 3;
    private const int Files = 12;
    private const string PaymentRequired = "PAYMENT REQUIRED: At current usage levels, Sonatype Nexus Repository Community Edition requires a paid license to publish or cache new components. INSTANCE ID: 1234";

    private readonly TempDir _dir = new();
    private readonly WireMockServer _hook = WireMockServer.Start();

    public UsageLimitRefusalTests()
    {
        _hook.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        for (var i = 0; i < Files; i++)
        {
            _dir.Write($"tree/d{i % 3}/file{i:00}.txt", $"file {i}");
        }
    }

    private KestrelNexus _nexus = null!;

    public async ValueTask InitializeAsync()
    {
        _nexus = await KestrelNexus.StartAsync();
        _nexus.RefuseUpload = RefuseAfter(Stored);
    }

    public async ValueTask DisposeAsync()
    {
        _hook.Stop();
        await _nexus.DisposeAsync();
        _dir.Dispose();
    }

    private string Tree => Path.Combine(_dir.Path, "tree");

    private int Posts => _nexus.Count("POST", "/service/rest/v1/components");

    [Fact]
    public async Task Refusal_WithFallback_StopsUploadsAtOnce_SavesTheRest_Exit5()
    {
        var fallback = Path.Combine(_dir.Path, "fb");

        var run = await RunAsync(1, "--fallback-dir", fallback);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        Assert.Equal(Stored, _nexus.StoredUploads.Count);

        // The refused upload is the last one sent: not retried (--retries 3), and nothing after it.
        Assert.Equal(Stored + 1, Posts);
        var saved = Directory.EnumerateFiles(fallback, "*.txt", SearchOption.AllDirectories).ToList();
        Assert.Equal(Files - Stored, saved.Count);
        var items = SyncRun.Items(run.Stdout);
        Assert.Equal(Files - Stored, items.Count(i => i.Action == "fallback"));
        Assert.Equal(Stored, items.Count(i => i.Action == "uploaded"));
        Assert.Contains("refuses new components: the Community Edition usage limit is reached (403 PAYMENT REQUIRED)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{Files - Stored} files were saved to the fallback folder instead: run `nexus-push replay` on it then", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("grant it", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Contains("usage limit", AlertText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_WithoutFallback_RemainingFilesNotAttempted_Exit4()
    {
        var run = await RunAsync(1);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Equal(Stored + 1, Posts);
        var items = SyncRun.Items(run.Stdout);
        Assert.Equal(Stored, items.Count(i => i.Action == "uploaded"));
        var failed = items.Where(i => i.Action == "failed").ToList();
        Assert.Equal(Files - Stored, failed.Count);
        Assert.Single(failed, i => i.Reason!.Contains("403 PAYMENT REQUIRED", StringComparison.Ordinal));
        Assert.Equal(Files - Stored - 1, failed.Count(i => i.Reason == "not attempted: Nexus refuses new components (Community Edition usage limit)"));
        Assert.Contains($"error: Nexus at {new Uri(_nexus.Url).Authority}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the files not stored are reported failed: re-run the same command then", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("exit 4", AlertText(), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Contains("usage limit", report.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_InParallel_OnlyTheUploadsInFlightAreSent()
    {
        var run = await RunAsync(4);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Equal(Stored, _nexus.StoredUploads.Count);
        Assert.InRange(Posts, Stored + 1, Stored + 4);
        Assert.Equal(Files - Stored, SyncRun.Items(run.Stdout).Count(i => i.Action == "failed"));
    }

    private async Task<CliOutcome> RunAsync(int parallel, params string[] more) =>
        await CliRun.RunAsync(
            ["sync-dir", Tree, "--url", _nexus.Url, "--raw-repository", "raw-h", "--retries", "3", "--parallel", parallel.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "json", "--no-progress", "--alert-webhook", _hook.Urls[0] + "/hook", .. more])
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    private string AlertText()
    {
        var request = Assert.Single(_hook.LogEntries).RequestMessage!;
        return JsonDocument.Parse(request.Body!).RootElement.GetProperty("text").GetString()!;
    }

    private static Func<int, FaultAction?> RefuseAfter(int stored) => count => count < stored ? null : FaultAction.Answer(403, body: PaymentRequired);
}
