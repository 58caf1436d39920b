using NexusPush.Tests.Support;

namespace NexusPush.Tests.Tls;

/// <summary>
/// TLS for real: a CA and server certificate made in the test, a Kestrel HTTPS server on loopback, and
/// the tool trusting it through --ca-file, refusing it without, or skipping checks with --insecure.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Check_CaFileHoldsTheServersCa_Succeeds()
    {
        using var pki = new TestPki();
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["check", "--url", server.Url, "--ca-file", temp.Write("ca.pem", pki.CaPem)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nexus 3.77.1-01 (COMMUNITY)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CaFileFromEnvironment_Succeeds()
    {
        using var pki = new TestPki();
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["check", "--url", server.Url], new Dictionary<string, string> { ["NEXUS_PUSH_CA_FILE"] = temp.Write("ca.pem", pki.CaPem) });

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Check_UntrustedCa_Exits2WithOneSentenceNamingHostAndCause()
    {
        using var pki = new TestPki();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["check", "--url", server.Url, "--retries", "0"]);

        Assert.Equal(2, run.ExitCode);
        var line = run.Stdout.Split('\n').Single(l => l.StartsWith("nexus ", StringComparison.Ordinal));
        Assert.Contains($"The TLS connection to localhost:{server.Port} failed: the certificate (CN=localhost) is signed by an untrusted issuer (CN=nexus-push test CA)", line, StringComparison.Ordinal);
        Assert.Contains("pass --ca-file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CaFileWithAnotherCa_StillRefuses()
    {
        using var pki = new TestPki();
        using var other = new TestPki("CN=some other CA");
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["check", "--url", server.Url, "--retries", "0", "--ca-file", temp.Write("other.pem", other.CaPem)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("untrusted issuer (CN=nexus-push test CA) that is not in the system trust store or --ca-file", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CertificateForAnotherName_SaysNameMismatch()
    {
        using var pki = new TestPki();
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer("nexus.example.com"));

        var run = await CliRun.RunAsync(["check", "--url", server.Url, "--retries", "0", "--ca-file", temp.Write("ca.pem", pki.CaPem)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"The TLS connection to localhost:{server.Port} failed: the certificate (CN=nexus.example.com) does not match the host name", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ExpiredCertificate_SaysExpiredWithTheDate()
    {
        using var pki = new TestPki();
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer(notBeforeDays: -1, notAfterDays: 0));

        var run = await CliRun.RunAsync(["check", "--url", server.Url, "--retries", "0", "--ca-file", temp.Write("ca.pem", pki.CaPem)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the certificate (CN=localhost) expired on", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Insecure_SucceedsAndWarnsLoudly()
    {
        using var pki = new TestPki();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["check", "--url", server.Url, "--insecure"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"--insecure: TLS certificate verification is OFF for localhost:{server.Port}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UntrustedCertificate_Exits2BeforeSendingAnyFile()
    {
        using var pki = new TestPki();
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--url", server.Url, "--retries", "0"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: The TLS connection to localhost:", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Upload_CaFile_Uploads()
    {
        using var pki = new TestPki();
        using var temp = new TempDir();
        await using var server = await HttpsNexus.StartAsync(pki.IssueServer());

        var run = await CliRun.RunAsync(["upload", temp.Write("a.txt", "a"), "-r", "files", "--url", server.Url, "--no-preflight", "--no-verify", "--ca-file", temp.Write("ca.pem", pki.CaPem)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("uploaded", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a certificate\n", "holds no PEM certificate")]
    [InlineData(null, "does not exist")]
    public async Task Check_BadCaFile_Exits2(string? content, string expected)
    {
        using var temp = new TempDir();
        var path = content is null ? Path.Combine(temp.Path, "missing.pem") : temp.Write("bad.pem", content);

        var run = await CliRun.RunAsync(["check", "--url", "https://localhost:1/", "--ca-file", path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InsecureAndCaFile_Exits2()
    {
        using var temp = new TempDir();

        var run = await CliRun.RunAsync(["check", "--url", "https://localhost:1/", "--insecure", "--ca-file", temp.Write("ca.pem", "x")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give one or the other", run.Stderr, StringComparison.Ordinal);
    }
}
