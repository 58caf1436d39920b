using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Cli;

/// <summary><c>nexus-push upload</c> through the real entry point: args in, exit code, stdout and stderr out.</summary>
public sealed class UploadCommandTests : IDisposable
{
    private const string Password = "Sup3r-S3cret!pw";
    private readonly NexusFake _nexus = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _nexus.Dispose();
        _dir.Dispose();
    }

    private Dictionary<string, string> Env => new() { ["NEXUS_URL"] = _nexus.Url, ["NEXUS_USERNAME"] = "ci-bot", ["NEXUS_PASSWORD"] = Password };

    // These tests are about the upload exchange itself; the preflight before it has its own tests (Preflight/).
    private static string[] Fast(params string[] args) => [.. args, "--retry-delay", "0.001", "--no-preflight"];

    [Fact]
    public async Task Upload_RawFile_StoresItVerifiesAndPrintsOneLine()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("manual.pdf", "%PDF-1.4 tiny");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--directory", "docs/1.0"), Env);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"uploaded  {file} -> raw-hosted/docs/1.0/manual.pdf", run.Stdout.Split('\n')[0]);
        Assert.Equal("%PDF-1.4 tiny", Encoding.UTF8.GetString(_nexus.Stored["/docs/1.0/manual.pdf"]));
        Assert.Single(_nexus.Uploads);
        Assert.Equal(2, _nexus.Requests.Count(r => r.RequestMessage!.Method == "HEAD")); // existence check, then verification
    }

    [Fact]
    public async Task Upload_SameFileTwice_SecondRunUploadsNothingAndExitsZero()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "same bytes");
        await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), Env);

        var again = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), Env);

        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("skipped", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("(identical)", again.Stdout, StringComparison.Ordinal);
        Assert.Single(_nexus.Uploads);
    }

    [Fact]
    public async Task Upload_DifferentBytesAtPath_FailsNamingBothChecksumsUnlessSkipAsked()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "version 1");
        await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), Env);
        File.WriteAllText(file, "version 2");

        var conflict = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), Env);
        var skip = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--on-conflict", "skip"), Env);

        Assert.Equal(4, conflict.ExitCode);
        Assert.Contains(Convert.ToHexStringLower(SHA1.HashData("version 1"u8)), conflict.Stdout, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA1.HashData("version 2"u8)), conflict.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, skip.ExitCode);
        Assert.Single(_nexus.Uploads);
    }

    [Fact]
    public async Task Upload_OutputJson_IsOneDocumentWithTheReportSchema()
    {
        _nexus.StoreUploads("raw-hosted");
        var first = _dir.Write("a.txt", "one");
        var second = _dir.Write("b.txt", "two");

        var run = await CliRun.RunAsync(Fast("upload", first, second, "-r", "raw-hosted", "--output", "json"), Env);

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        var items = report.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Equal(
            ["action", "attempts", "bytes", "downloadUrl", "fallbackCopyFailure", "fallbackPath", "file", "format", "path", "reason", "repository", "runWideCause", "sha256"],
            item.EnumerateObject().Select(p => p.Name).Order()));
        var a = items.Single(i => i.GetProperty("file").GetString() == first);
        Assert.Equal("uploaded", a.GetProperty("action").GetString());
        Assert.Equal("raw", a.GetProperty("format").GetString());
        Assert.Equal("/a.txt", a.GetProperty("path").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("one"u8)), a.GetProperty("sha256").GetString());
        Assert.Equal(3, a.GetProperty("bytes").GetInt64());
        Assert.Equal(1, a.GetProperty("attempts").GetInt32());
        Assert.Equal(2, report.RootElement.GetProperty("totals").GetProperty("uploaded").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Upload_Verbose_NeverPrintsThePasswordOrTheAuthorizationHeader()
    {
        _nexus.StubUpload("raw-hosted", 401);
        var file = _dir.Write("a.txt", "x");
        var secretForms = new[] { Password, Convert.ToBase64String(Encoding.UTF8.GetBytes("ci-bot:" + Password)) };

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "-v"), Env);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains(" DBG]", run.Stderr, StringComparison.Ordinal); // verbose really was on
        Assert.All(secretForms, secret =>
        {
            Assert.DoesNotContain(secret, run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Upload_CredentialsInsideUrl_AreUsedButNeverShown()
    {
        _nexus.StubUpload("raw-hosted", 500, "boom");
        var file = _dir.Write("a.txt", "x");
        var url = _nexus.Url.Replace("http://", $"http://ci-bot:{Uri.EscapeDataString(Password)}@", StringComparison.Ordinal);

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--url", url, "--retries", "0", "-v"), new Dictionary<string, string>());

        Assert.Equal(4, run.ExitCode);
        Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Password), run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ci-bot:" + Password)), _nexus.Uploads[0].RequestMessage!.Headers!["Authorization"][0]);
    }

    public static TheoryData<int, string, int, string> Answers => new()
    {
        { 401, "", 3, "refused the credentials of user 'ci-bot'" },
        { 403, "", 3, "may not use repository 'raw-hosted'" },
        { 400, "[{\"id\":\"*\",\"message\":\"Not authorized for requested path 'a.txt'\"}]", 3, "Not authorized for requested path" },
        { 404, "", 2, "Repository 'raw-hosted' does not exist" },
        { 400, "[{\"id\":\"*\",\"message\":\"Uploading components to a 'group' type repository is unsupported, must be 'hosted'\"}]", 2, "proxy or group repository" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Upload_RunStoppingAnswer_OneErrorLineAndItsExitCode(int status, string body, int exitCode, string fragment)
    {
        _nexus.StubUpload("raw-hosted", status, body);
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), Env);

        Assert.Equal(exitCode, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(_nexus.Uploads);
    }

    public static TheoryData<int, string, string> ItemFailures => new()
    {
        { 409, "{\"id\":\"*\",\"message\":\"raw-hosted/a.txt cannot be updated as asset already exists and redeploy is not allowed\"}", "does not allow redeploy" },
        { 400, "ValidationErrorXO{id='*', message='raw-hosted/a.txt cannot be updated'}", "does not allow redeploy" },
        { 413, "<html><head><title>413 Request Entity Too Large</title></head><body><center>nginx</center></body></html>", "client_max_body_size" },
        { 500, "ERROR: (ID 1) java.lang.IllegalStateException: boom\n\tat org.sonatype.X.y(X.java:12)", "java.lang.IllegalStateException: boom" },
    };

    [Theory]
    [MemberData(nameof(ItemFailures))]
    public async Task Upload_ItemFailure_Exit4WithTheReasonOnItsReportLine(int status, string body, string fragment)
    {
        _nexus.StubUpload("raw-hosted", status, body);
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--retries", "1"), Env);

        Assert.Equal(4, run.ExitCode);
        var line = run.Stdout.Split('\n')[0];
        Assert.StartsWith("failed", line, StringComparison.Ordinal);
        Assert.Contains(fragment, line, StringComparison.Ordinal);
        Assert.DoesNotContain("\tat ", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    public async Task Upload_BaseUrlWithOrWithoutSlash_NeverProducesDoubleSlashes(string suffix)
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--url", _nexus.Url.TrimEnd('/') + suffix), Env);

        Assert.Equal(0, run.ExitCode);
        Assert.All(_nexus.Requests, r => Assert.DoesNotContain("//", r.RequestMessage!.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_PasswordStdin_IsUsed()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--username", "me", "--password-stdin"), new Dictionary<string, string> { ["NEXUS_URL"] = _nexus.Url }, stdin: "from-stdin\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Basic " + Convert.ToBase64String("me:from-stdin"u8), _nexus.Uploads[0].RequestMessage!.Headers!["Authorization"][0]);
    }

    [Fact]
    public async Task Upload_NexusToken_GivesUserAndPassword()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), new Dictionary<string, string> { ["NEXUS3_URL"] = _nexus.Url, ["NEXUS_TOKEN"] = "tok-user:tok-pass" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Basic " + Convert.ToBase64String("tok-user:tok-pass"u8), _nexus.Uploads[0].RequestMessage!.Headers!["Authorization"][0]);
    }

    [Fact]
    public async Task Upload_NoCredentials_IsAnonymous()
    {
        _nexus.StoreUploads("raw-hosted");
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--url", _nexus.Url));

        Assert.Equal(0, run.ExitCode);
        Assert.False(_nexus.Uploads[0].RequestMessage!.Headers!.ContainsKey("Authorization"));
    }

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["upload", "missing.deb", "-r", "r"], "missing.deb does not exist" },
        { ["upload", "-r", "r"], "Required argument missing" },
        { ["upload", "{file}"], "'--repository' is required" },
        { ["upload", "{file}", "-r", "r", "--password", "x"], "A password is never accepted as an argument" },
        { ["upload", "{file}", "-r", "r", "--parallel", "0"], "--parallel must be at least 1" },
        { ["upload", "{file}", "-r", "r", "--parallel", "-3"], "--parallel must be at least 1" },
        { ["upload", "{file}", "-r", "r", "--retries", "many"], "many" },
        { ["upload", "{file}", "-r", "r", "--format", "docker"], "docker" },
        { ["upload", "{file}", "-r", "r", "--directory", "a/../b"], "'.' or '..' segment" },
        { ["upload", "{file}", "-r", "r", "--directory", "a\\b"], "backslash" },
        { ["upload", "{file}", "-r", "r", "--url", "nexus.example.com"], "not an http:// or https:// URL" },
        { ["upload", "{dir}", "-r", "r"], "is a directory" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Upload_BadInput_Exit2WithOneClearErrorAndNothingSent(string[] args, string fragment)
    {
        var file = _dir.Write("a.txt", "x");
        args = [.. args.Select(a => a.Replace("{file}", file, StringComparison.Ordinal).Replace("{dir}", _dir.Path, StringComparison.Ordinal))];

        var run = await CliRun.RunAsync(args, Env);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(fragment, run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_nexus.Requests);
    }

    [Fact]
    public async Task Upload_NoUrlAnywhere_Exit2NamingTheFlagAndVariable()
    {
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(["upload", file, "-r", "r"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: No Nexus URL: pass --url or set NEXUS_URL.", run.Stderr.Trim());
    }

    [Fact]
    public async Task Upload_UserWithoutPassword_Exit2SayingWhereAPasswordMayComeFrom()
    {
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(["upload", file, "-r", "r", "--username", "me"], new Dictionary<string, string> { ["NEXUS_URL"] = _nexus.Url });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("set NEXUS_PASSWORD or use --password-stdin", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_nexus.Requests);
    }

    [Fact]
    public async Task Upload_ConnectionRefused_RetriesThenFailsWithOneSentence()
    {
        var file = _dir.Write("a.txt", "x");
        var closedPort = _nexus.Url;
        _nexus.Server.Stop();

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--url", closedPort, "--retries", "2"));

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("refused the connection", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, run.Stderr.Split('\n').Count(l => l.Contains("Retry ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Upload_UserWithoutReadPermission_UploadsButFailsUnverifiedUnlessNoVerify()
    {
        // nexus-contract.md §4: HEAD needs read; §2.3: an upload needs only browse + add/edit. Unproven is not success.
        _nexus.StubUpload("raw-hosted");
        _nexus.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/repository/raw-hosted/a.txt").UsingMethod("HEAD"))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(403));
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted"), Env);
        var optedOut = await CliRun.RunAsync(Fast("upload", file, "-r", "raw-hosted", "--no-verify"), Env);

        Assert.Equal((4, 0), (run.ExitCode, optedOut.ExitCode));
        Assert.Equal(2, _nexus.Uploads.Count);
        Assert.Contains("not verified", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--no-verify", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("not verified", optedOut.Stdout, StringComparison.Ordinal);
    }
}
