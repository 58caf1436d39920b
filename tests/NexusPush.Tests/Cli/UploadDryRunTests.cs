using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NexusPush.Cli;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Cli;

/// <summary><c>upload --dry-run</c>: what the upload would do, compared with Nexus when a URL is set, and never a POST.</summary>
public sealed class UploadDryRunTests : IDisposable
{
    private readonly NexusFake _nexus = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task DryRun_WithNexus_ComparesEachFileAndSendsNoUpload()
    {
        _nexus.StubAbsentByDefault(); // uploads are not stubbed at all: the fake logs any POST, answered or not
        var same = _dir.Write("same.txt", "stored already");
        var changed = _dir.Write("changed.txt", "new bytes");
        var fresh = _dir.Write("fresh.txt", "never sent");
        _nexus.StubStored("raw-hosted", "/rel/same.txt", Sha1("stored already"));
        _nexus.StubStored("raw-hosted", "/rel/changed.txt", Sha1("old bytes"));

        var run = await CliRun.RunAsync(["upload", same, changed, fresh, "-r", "raw-hosted", "-d", "rel", "--url", _nexus.Url, "--no-preflight", "--dry-run", "-o", "json"]);

        Assert.Equal(0, _nexus.Requests.Count(r => r.RequestMessage!.Method == "POST"));
        Assert.Equal(3, _nexus.Requests.Count(r => r.RequestMessage!.Method == "HEAD"));
        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode); // the conflict the real upload would meet
        using var report = JsonDocument.Parse(run.Stdout);
        var items = report.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => Path.GetFileName(i.GetProperty("file").GetString()!));
        Assert.Equal("skipped", items["same.txt"].GetProperty("action").GetString());
        Assert.Equal("failed", items["changed.txt"].GetProperty("action").GetString());
        Assert.Equal("planned", items["fresh.txt"].GetProperty("action").GetString());
        Assert.Equal("/rel/fresh.txt", items["fresh.txt"].GetProperty("path").GetString());
        Assert.Equal(_nexus.Url + "repository/raw-hosted/rel/fresh.txt", items["fresh.txt"].GetProperty("downloadUrl").GetString());
        Assert.Empty(_nexus.Stored);
    }

    [Fact]
    public async Task DryRun_WithPreflight_SendsOnlyReads()
    {
        _nexus.StoreUploads("raw-hosted").StubAbsentByDefault();
        var file = _dir.Write("a.txt", "alpha");

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", _nexus.Url, "--dry-run", "--retries", "0"]);

        Assert.Equal(0, _nexus.Requests.Count(r => r.RequestMessage!.Method is not ("GET" or "HEAD")));
        Assert.Empty(_nexus.Stored);
        Assert.DoesNotContain("uploaded", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_WithoutUrl_PlansOfflineWithTheTargetPath()
    {
        var file = _dir.Write("notes.txt", "n");

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "-d", "docs/1.0", "--dry-run"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("planned", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("raw-hosted/docs/1.0/notes.txt", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("planning offline", run.Stderr, StringComparison.Ordinal);
    }

    private static string Sha1(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
