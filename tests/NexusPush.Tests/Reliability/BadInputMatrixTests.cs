using NexusPush.Cli;
using NexusPush.Nexus;
using NexusPush.Tests.Support;
using NexusPush.Tests.Support.Faults;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// The bad-input matrix, the cases not already covered by Cli/UploadCommandTests and the other reliability
/// tests: exit code, one clear sentence, no stack trace, nothing uploaded that should not be, nothing lost.
/// </summary>
public sealed class BadInputMatrixTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Upload_UnreadableFile_Exit2NothingSent()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var file = _dir.Write("secret.txt", "x");
#pragma warning disable CA1416 // skipped on Windows just above
        File.SetUnixFileMode(file, UnixFileMode.None);
#pragma warning restore CA1416
        Assert.SkipWhen(CanRead(file), "running as root: permissions do not stop reads");
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("permission denied", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Upload_EmptyFile_StoredAsZeroBytesAndVerified()
    {
        var file = _dir.Write("empty.txt", string.Empty);
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(server.Stored["raw-hosted/empty.txt"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upload_FileChangesSizeAfterPlanning_ItemFailedNothingStored(bool grows)
    {
        var file = _dir.Write("growing.log", new string('a', 10_000));
        await using var server = await KestrelNexus.StartAsync();

        // The HEAD comes after planning and before the upload: change the file right then.
        server.On(
            r =>
            {
                if (r.Method == "HEAD")
                {
                    if (grows)
                    {
                        File.AppendAllText(file, "more");
                    }
                    else
                    {
                        File.WriteAllText(file, "short");
                    }
                }

                return false;
            },
            FaultAction.Normal);

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains(grows ? "grew while it was being uploaded" : "shrank while it was being uploaded", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(server.Stored);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NameWithSpacesUnicodeHashPercentQuestionMark_StoredAtThatExactPathAndVerified()
    {
        const string name = "naïve file #1 100% done?.txt";
        var file = _dir.Write(name, "odd name");
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "-d", "/dir with space/ü", "--url", server.Url, "-o", "json"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("odd name"u8.ToArray(), server.Stored["raw-hosted/dir with space/ü/" + name]);
        Assert.Contains(server.Requests, r => r.Method == "HEAD" && r.Target.Contains("%23", StringComparison.Ordinal) && r.Target.Contains("%3F", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("broken.deb", "apt")]
    [InlineData("broken.rpm", "yum")]
    [InlineData("broken.whl", "pypi")]
    [InlineData("broken.nupkg", "nuget")]
    public async Task Upload_InvalidPackage_Exit2NamingTheFormatNothingSent(string name, string format)
    {
        var file = _dir.Write(name, "this is not a package at all");
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", file, "-r", "hosted", "--url", server.Url]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"not a valid {format} package", error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("left-pad-1.3.0.tgz", 6, "not a valid gzip tarball (.tgz): corrupt gzip")] // the manifest reads, the CRC-32 after it does not match
    [InlineData("hello_world-2.0.tar.gz", 0, "not a valid gzip tarball (.tar.gz): corrupt gzip")] // broken before PKG-INFO (written last)
    public async Task Upload_CorruptTarball_Exit2NamingWhatTheNameClaimsNothingSent(string fixture, int fromEnd, string expected)
    {
        var bytes = Formats.PackageFixtures.Bytes(fixture);
        bytes[fromEnd == 0 ? bytes.Length / 2 : bytes.Length - fromEnd] ^= 0x01;
        var file = _dir.Write(fixture, bytes);
        await using var server = await KestrelNexus.StartAsync();

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("[{\"id\":\"*\",\"message\":\"No assets found in upload\"}]")]
    [InlineData("[{\"id\":\"apt.asset\",\"message\":\"Unknown component field 'apt.asset'\"}]")]
    public async Task Upload_RepositoryOfAnotherFormat_ItemFailedWithAHint(string body)
    {
        var deb = Path.Combine(_dir.Path, "libfoo1_0.9_arm64.deb");
        File.Copy(Formats.PackageFixtures.PathOf("libfoo1_0.9_arm64.deb"), deb);
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(400, body: body));

        var run = await CliRun.RunAsync(["upload", deb, "-r", "raw-hosted", "--url", server.Url, "--no-preflight"]); // the server-side answer; preflight catches this earlier (Preflight/ tests)

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith("failed", StringComparison.Ordinal));
        Assert.Contains("is repository 'raw-hosted' of the file's format?", line, StringComparison.Ordinal);
        Assert.Empty(server.Stored);
    }

    [Fact]
    public async Task Upload_DenyRepository_ItemFailedSaysReadOnly()
    {
        var file = _dir.Write("a.txt", "x");
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(400, body: "ValidationErrorXO{id='*', message='raw-hosted/a.txt is read-only'}"));

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--fallback-dir", Path.Combine(_dir.Path, "fb")]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("read-only (write policy DENY)", run.Stdout, StringComparison.Ordinal);
        Assert.Single(server.Uploads);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "fb")));
    }

    [Fact]
    public async Task Upload_UnresolvableHost_ItemFailedNamingTheHost()
    {
        var file = _dir.Write("a.txt", "x");

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", "http://nexus.invalid/", "--retries", "0", "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        Assert.Contains("nexus.invalid", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UntrustedCertificate_Exit2OneLineNamingTheFix()
    {
        var file = _dir.Write("a.txt", "x");
        using var pki = new Tls.TestPki(); // a CA this machine does not trust
        await using var server = await KestrelNexus.StartAsync(certificate: pki.IssueServer());

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--retries", "3", "--retry-delay", "0"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("TLS", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_HtmlErrorPageFromProxy_OneLineNotTheDump()
    {
        var file = _dir.Write("a.txt", "x");
        await using var server = await KestrelNexus.StartAsync();
        server.OnUpload(FaultAction.Answer(502, body: "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx/1.25</center>\n</body>\n</html>"), times: -1);

        var run = await CliRun.RunAsync(["upload", file, "-r", "raw-hosted", "--url", server.Url, "--retries", "0"]);

        Assert.Equal(ExitCodes.ItemsFailed, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith("failed", StringComparison.Ordinal));
        Assert.Contains("502 Bad Gateway", line, StringComparison.Ordinal);
        Assert.DoesNotContain("<", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAssetsAsync_ProxyAnswersHtmlInsteadOfJson_ClearErrorNoJsonException()
    {
        using var nexus = new NexusFake();
        nexus.Server.Given(Request.Create().WithPath("/service/rest/v1/assets").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html><body>Login</body></html>"));
        var client = Clients.For(nexus.Url);

        var error = await Assert.ThrowsAsync<NexusRequestException>(async () =>
        {
            await foreach (var _ in client.ListAssetsAsync("raw-hosted", TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Contains("answered 200 text/html to service/rest/v1/assets: not Nexus; is a proxy or login page in the way?", error.Message, StringComparison.Ordinal);
        Assert.Equal(NexusFailureKind.Configuration, error.Kind);
    }

    private static bool CanRead(string path)
    {
        try
        {
            File.ReadAllBytes(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
