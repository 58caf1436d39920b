using NexusPush.Tests.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Cli;

/// <summary>
/// <c>upload</c> of a real .deb, .rpm, wheel and a plain file sends exactly the contract's
/// multipart fields (nexus-contract.md §2.2), checks the path Nexus will store it at (§3, §4) and passes preflight (§5.3).
/// </summary>
public sealed class UploadRealPackagesTests : IDisposable
{
    private readonly NexusFake _nexus = new();

    public void Dispose() => _nexus.Dispose();

    public static TheoryData<string, string, string, string[], string, string> Packages => new()
    {
        { "hello-gzip.deb", "apt-hosted", "apt", [], "apt.asset", "/pool/h/hello/hello_1:2.0-1_amd64.deb" },
        { "tool-3.1.4-7.el9.x86_64.rpm", "yum-hosted", "yum", ["yum.directory=el9/x86_64", "yum.asset.filename=tool-3.1.4-7.el9.x86_64.rpm"], "yum.asset", "/el9/x86_64/tool-3.1.4-7.el9.x86_64.rpm" },
        { "hello_world-2.0-py3-none-any.whl", "pypi-hosted", "pypi", [], "pypi.asset", "/packages/hello-world/2.0/hello_world-2.0-py3-none-any.whl" },
        { "config-bundle.tar.gz", "raw-hosted", "raw", ["raw.directory=el9/x86_64", "raw.asset1.filename=config-bundle.tar.gz"], "raw.asset1", "/el9/x86_64/config-bundle.tar.gz" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task Upload_RealPackage_SendsTheContractFieldsAndChecksThePredictedPath(string fixture, string repository, string format, string[] fields, string filePart, string predictedPath)
    {
        _nexus.StubHealthy().StubRepository(repository, format).StubUpload(repository);
        var file = PackageFixtures.PathOf(fixture);

        var run = await CliRun.RunAsync(
            ["upload", file, "-r", repository, "--directory", "el9/x86_64", "--no-verify"],
            new Dictionary<string, string> { ["NEXUS_URL"] = _nexus.Url });

        Assert.Equal(0, run.ExitCode);
        var parts = NexusFake.PartsOf(Assert.Single(_nexus.Uploads));
        var filePartSent = Assert.Single(parts, p => p.FileName is not null);
        Assert.Equal(filePart, filePartSent.Name);
        Assert.Equal(fixture, filePartSent.FileName);
        Assert.Equal(PackageFixtures.Bytes(fixture), filePartSent.Content);
        Assert.Equal(fields.Order(), parts.Where(p => p.FileName is null).Select(p => $"{p.Name}={p.Text}").Order());
        Assert.Contains(_nexus.Requests, r => r.RequestMessage!.Method == "HEAD" && Uri.UnescapeDataString(r.RequestMessage.Path) == $"/repository/{repository}{predictedPath}");
        Assert.Contains($"-> {repository}{predictedPath}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DebToRawRepository_NamesTheMismatchInsteadOfNexussFieldError()
    {
        // §2.1, §2.3: Nexus answers a confusing field error; the preflight that runs then names the mismatch.
        _nexus.StubHealthy().StubRepository("raw-hosted", "raw")
            .StubUpload("raw-hosted", 400, """[{"id":"apt.asset","message":"Unknown component field 'apt.asset'"}]""");

        var run = await CliRun.RunAsync(
            ["upload", PackageFixtures.PathOf("hello-gzip.deb"), "-r", "raw-hosted"],
            new Dictionary<string, string> { ["NEXUS_URL"] = _nexus.Url });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Repository 'raw-hosted' has format raw, but upload of ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sends apt files to it; route them to a hosted apt repository (or pass --format raw", run.Stderr, StringComparison.Ordinal);
    }
}
