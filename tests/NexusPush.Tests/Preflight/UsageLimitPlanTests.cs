using System.Text.Json;
using NexusPush.Tests.Support;
using NexusPush.Tests.Sync;

namespace NexusPush.Tests.Preflight;

/// <summary>
/// Against a Community Edition 3.87+ the plan states, before any upload, the new components it adds and the requests
/// it expects; the dry run prints them and the report has them under <c>limits</c> (null when no limits apply).
/// </summary>
public sealed class UsageLimitPlanTests
{
    [Fact]
    public async Task SyncDir_Community389_ReportsNewComponentsAndExpectedRequests()
    {
        using var nexus = new StatefulNexus { ServerHeader = "Nexus/3.89.0-01 (COMMUNITY)" };
        using var tree = SyncRun.Tree(25);
        foreach (var i in new[] { 0, 1, 2, 3, 4 })
        {
            nexus.Store("raw-h", $"/f0/f00{i}.txt", System.Text.Encoding.UTF8.GetBytes($"content of file {i}"));
        }

        var run = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json", "--no-progress");

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        var limits = report.RootElement.GetProperty("limits");
        Assert.Equal("COMMUNITY", limits.GetProperty("edition").GetString());
        Assert.Equal("3.89.0-01", limits.GetProperty("version").GetString());
        Assert.Equal(20, limits.GetProperty("newComponents").GetInt32());
        Assert.Equal(40_000, limits.GetProperty("componentLimit").GetInt32());
        Assert.Equal(100_000, limits.GetProperty("requestLimit").GetInt32());

        // Preflight 9 (status, writable, EULA; raw-h and yum-h: summary, format read, read probe), one listing page to compare,
        // 20 uploads, one listing page to verify them all: never fewer than the fake server saw.
        var expected = limits.GetProperty("expectedRequests").GetInt32();
        Assert.Equal(31, expected);
        Assert.InRange(nexus.Server.LogEntries.Count, 1, expected);
        Assert.Contains("this run adds 20 new components and sends about 31 requests", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncDir_PlanOverTheComponentLimit_DoesNotStart_Exit2()
    {
        using var nexus = new StatefulNexus { ServerHeader = "Nexus/3.89.0-01 (COMMUNITY)" };
        using var tree = new TempDir();
        for (var d = 0; d <= 40; d++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(tree.Path, $"d{d:00}")).FullName;
            for (var f = 0; f < (d < 40 ? 1000 : 1); f++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"f{f:000}.txt"), []);
            }
        }

        var run = await SyncRun.RunAsync(nexus, tree.Path, "--no-progress").WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("this run adds 40,001 new components", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--ignore-usage-limits", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(nexus.Uploads);
        Assert.Equal(0, nexus.Count("POST", "/service/rest/v1/components"));
    }

    [Fact]
    public async Task SyncDir_DryRun_PrintsTheSameFigures()
    {
        using var nexus = new StatefulNexus { ServerHeader = "Nexus/3.89.0-01 (COMMUNITY)" };
        using var tree = SyncRun.Tree(3);

        var run = await SyncRun.RunAsync(nexus, tree.Path, "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(nexus.Uploads);
        Assert.Contains("usage limits: Nexus 3.89.0-01 (COMMUNITY) allows 40,000 components in total and 100,000 requests per rolling 24 hours: this run adds 3 new components", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nexus/3.89.0-01 (PRO)")]
    [InlineData(null)]
    public async Task SyncDir_NoLimitsApply_LimitsIsNull(string? server)
    {
        using var nexus = new StatefulNexus { ServerHeader = server };
        using var tree = SyncRun.Tree(2);

        var run = await SyncRun.RunAsync(nexus, tree.Path, "-o", "json", "--no-progress");

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("limits").ValueKind);
    }
}
