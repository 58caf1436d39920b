using System.Text.Json;
using System.Text.Json.Nodes;
using NexusPush.Cli;
using NexusPush.Reporting;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;

namespace NexusPush.Tests.Reporting;

/// <summary>
/// The report as a build artifact: docs/report.schema.json describes it, every report the suite produces is validated
/// against it (<see cref="CliRun"/>), and the report names the run it is about.
/// </summary>
public sealed class ReportSchemaTests : IDisposable
{
    private readonly NexusFake _nexus = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Upload_Report_NamesTheRunWithoutSecrets()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "alpha");
        var url = _nexus.Url.Replace("http://", "http://ci:url-secret@", StringComparison.Ordinal);
        var report = Path.Combine(_dir.Path, "run.json");

        var run = await CliRun.RunAsync(
            ["-v", "upload", file, "-r", "raw-hosted", "--url", url, "--no-preflight", "--report", report, "--alert-webhook", "http://127.0.0.1:9/hooks/T0/hook-secret", "--alert-context", "https://ci.example.com/builds/7"],
            new Dictionary<string, string> { ["NEXUS_PASSWORD"] = "url-secret" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var text = File.ReadAllText(report);
        Assert.DoesNotContain("url-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-secret", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("toolVersion").GetString());
        Assert.Equal("upload", root.GetProperty("verb").GetString());
        var arguments = root.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("upload", arguments[0]);
        Assert.Contains("-v", arguments);
        Assert.Equal("***", arguments[arguments.IndexOf("--alert-webhook") + 1]);
        Assert.Equal(_nexus.Url, root.GetProperty("nexusUrl").GetString());
        var started = root.GetProperty("startedAt").GetDateTimeOffset();
        var finished = root.GetProperty("finishedAt").GetDateTimeOffset();
        Assert.True(started <= finished);
        Assert.Equal(TimeSpan.Zero, started.Offset);
        Assert.InRange(root.GetProperty("durationSeconds").GetDouble(), 0, (finished - started).TotalSeconds + 0.002);
        var item = root.GetProperty("items")[0];
        Assert.Equal(_nexus.Url + "repository/raw-hosted/a.txt", item.GetProperty("downloadUrl").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("fallbackPath").ValueKind);
    }

    [Fact]
    public async Task Fallback_Report_GivesTheSavedPathAsAField()
    {
        var file = _dir.Write("a.txt", "alpha");
        var fallback = Path.Combine(_dir.Path, "fb");

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", ClosedPort.Url(), "--retries", "0", "--retry-delay", "0", "--fallback-dir", fallback, "-o", "json"]);

        Assert.Equal(ExitCodes.SavedToFallback, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var item = json.RootElement.GetProperty("items")[0];
        var saved = item.GetProperty("fallbackPath").GetString()!;
        Assert.StartsWith(fallback, saved, StringComparison.Ordinal);
        Assert.Equal("alpha", File.ReadAllText(saved));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("downloadUrl").ValueKind);
    }

    /// <summary>Representative runs whose reports <see cref="CliRun"/> validates: an error at the start, a dry run, sync-dir, an empty replay.</summary>
    [Fact]
    public async Task RepresentativeRuns_AllProduceSchemaValidReports()
    {
        _nexus.StoreUploads("raw-hosted").StubAbsentByDefault();
        var tree = _dir.Write("tree/x/b.txt", "beta");
        var reports = Enumerable.Range(0, 4).Select(i => Path.Combine(_dir.Path, $"r{i}.json")).ToArray();

        var badUrl = await CliRun.RunAsync(["upload", tree, "-r", "raw-hosted", "--url", "ftp://nowhere/", "--report", reports[0]]);
        var dryRun = await CliRun.RunAsync(["upload", tree, "-r", "raw-hosted", "--dry-run", "--report", reports[1], "-o", "json"]);
        var sync = await CliRun.RunAsync(["sync-dir", Path.Combine(_dir.Path, "tree"), "--url", _nexus.Url, "--raw-repository", "raw-hosted", "--no-preflight", "--no-progress", "--report", reports[2], "-o", "json"]);
        var replay = await CliRun.RunAsync(["replay", Path.Combine(_dir.Path, "no-fallback-yet"), "--url", _nexus.Url, "--report", reports[3]]);

        Assert.Equal([ExitCodes.Usage, ExitCodes.Success, ExitCodes.Success, ExitCodes.Success], [badUrl.ExitCode, dryRun.ExitCode, sync.ExitCode, replay.ExitCode]);
        Assert.All(reports, path => Assert.True(File.Exists(path), path));
        using var error = JsonDocument.Parse(File.ReadAllText(reports[0]));
        Assert.Equal(JsonValueKind.Null, error.RootElement.GetProperty("totals").ValueKind);
        Assert.Contains("ftp://", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var synced = JsonDocument.Parse(sync.Stdout);
        Assert.Equal("sync-dir", synced.RootElement.GetProperty("verb").GetString());
        Assert.Equal(_nexus.Url + "repository/raw-hosted/x/b.txt", synced.RootElement.GetProperty("items")[0].GetProperty("downloadUrl").GetString());
    }

    [Theory]
    [InlineData("item", "sha265", "0")]
    [InlineData("item", "action", "\"uploadded\"")]
    [InlineData("root", "exitcode", "0")]
    [InlineData("root", "schemaVersion", "2")]
    [InlineData("totals", "uplodaed", "0")]
    [InlineData("requests", "heads", "1")]
    [InlineData("root", "shard", "\"1 of 3\"")]
    public async Task Schema_RefusesATypoOrAWrongValue(string where, string key, string value)
    {
        var document = await ValidReportAsync();
        Target(document, where)[key] = JsonNode.Parse(value);

        Assert.NotEmpty(ReportSchema.Problems(document.ToJsonString()));
    }

    /// <summary>Fields other parts of the tool add (request counts, usage limits, shards, deferred files) are described too.</summary>
    [Fact]
    public async Task Schema_AcceptsTheOptionalFieldsOfRequestsLimitsShardsAndDeferral()
    {
        var document = await ValidReportAsync();
        document["requests"] = JsonNode.Parse("""{"total":9,"preflight":3,"listing":1,"head":2,"upload":1,"statusProbe":1,"search":1}""");
        document["limits"] = JsonNode.Parse("""{"edition":"COMMUNITY","version":"3.77.1","newComponents":12,"componentLimit":40000,"expectedRequests":30,"requestLimit":100000}""");
        document["shard"] = "2/4";
        document["items"]![0]!["action"] = "deferred";
        document["totals"]!["deferred"] = 1;

        Assert.Empty(ReportSchema.Problems(document.ToJsonString()));
        document["limits"] = null;
        document["shard"] = null;
        Assert.Empty(ReportSchema.Problems(document.ToJsonString()));
    }

    [Theory]
    [InlineData(new[] { "--password", "hunter2", "x" }, new[] { "--password", "***", "x" })]
    [InlineData(new[] { "--password=hunter2" }, new[] { "--password=***" })]
    [InlineData(new[] { "--password-stdin", "a.txt" }, new[] { "--password-stdin", "a.txt" })]
    [InlineData(new[] { "--url", "https://ci:hunter2@nexus/" }, new[] { "--url", "https://***@nexus/" })]
    [InlineData(new[] { "--alert-webhook=https://hooks/T/secret" }, new[] { "--alert-webhook=***" })]
    public void Arguments_AreRedacted(string[] args, string[] expected)
    {
        Assert.Equal(expected, RunInfo.RedactArguments(args));
    }

    private static JsonNode Target(JsonNode document, string where) => where switch
    {
        "item" => document["items"]![0]!,
        "totals" => document["totals"]!,
        "requests" => document["requests"] = new JsonObject(),
        _ => document,
    };

    private async Task<JsonNode> ValidReportAsync()
    {
        var file = _dir.Write("v.txt", "v");
        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--dry-run", "-o", "json"]);
        Assert.Empty(ReportSchema.Problems(run.Stdout));
        return JsonNode.Parse(run.Stdout)!;
    }
}
