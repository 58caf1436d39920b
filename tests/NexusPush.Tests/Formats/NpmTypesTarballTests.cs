using NexusPush.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Formats;

/// <summary>
/// Nexus reads an npm tarball's package.json one folder deep under any folder name, not only <c>package/</c>: every
/// @types/* tarball holds <c>&lt;name&gt;/package.json</c>. Such tarballs are npm packages; others must not be claimed.
/// </summary>
public sealed class NpmTypesTarballTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Detect_TypesTarball_IsNpmWithTheScopedName()
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf("types-node-20.11.0.tgz"));

        Assert.Equal(Detection.Valid(ArtifactFormat.Npm, new PackageInfo("@types/node", "20.11.0")), detection);
    }

    [Fact]
    public void Predict_TypesTarball_IsTheScopedNpmPath()
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf("types-node-20.11.0.tgz"));

        Assert.Equal("/@types/node/-/node-20.11.0.tgz", NexusPaths.Predict(detection.Format, detection.Package, "types-node-20.11.0.tgz", null));
    }

    [Fact]
    public void Detect_NpmPackOutput_IsNpm()
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf("tiny-greeter-2.1.0.tgz"));

        Assert.Equal(Detection.Valid(ArtifactFormat.Npm, new PackageInfo("tiny-greeter", "2.1.0")), detection);
    }

    [Fact]
    public void Detect_PackageJsonTwoFoldersDeep_IsRaw()
    {
        var tar = TarBuilder.Tar(("app/sub/package.json", """{"name":"x","version":"1.0.0"}"""u8.ToArray()), ("app/index.js", "x"u8.ToArray()));

        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write("app-1.0.tgz", TarBuilder.Gzip(tar))));
    }

    [Fact]
    public void Detect_ChartWithAPackageJson_StaysHelm()
    {
        var tar = TarBuilder.Tar(
            ("web/package.json", """{"name":"web-ui","version":"9.9.9"}"""u8.ToArray()),
            ("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.2.3\n"u8.ToArray()));

        Assert.Equal(Detection.Valid(ArtifactFormat.Helm, new PackageInfo("web", "1.2.3")), FormatDetector.Detect(_dir.Write("web-1.2.3.tgz", TarBuilder.Gzip(tar))));
    }

    [Fact]
    public void Detect_SdistWithAFrontendPackageJson_StaysPyPi()
    {
        // JupyterLab extensions ship package.json beside PKG-INFO, which sdist builders write last.
        var tar = TarBuilder.Tar(
            ("ext-1.0/package.json", """{"name":"ext","version":"1.0.0"}"""u8.ToArray()),
            ("ext-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: ext\nVersion: 1.0\n"u8.ToArray()));

        Assert.Equal(Detection.Valid(ArtifactFormat.PyPi, new PackageInfo("ext", "1.0")), FormatDetector.Detect(_dir.Write("ext-1.0.tar.gz", TarBuilder.Gzip(tar))));
    }

    [Fact]
    public void Detect_TopFolderPackageJsonThatIsNoManifest_IsRaw()
    {
        // Outside npm's own package/ folder, a package.json without name and version is some project's file, not a package.
        var tar = TarBuilder.Tar(("site/package.json", """{"private":true}"""u8.ToArray()), ("site/index.html", "<h1/>"u8.ToArray()));

        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write("site.tgz", TarBuilder.Gzip(tar))));
    }

    [Fact]
    public void Detect_TypesLayoutWithASecondTopFolder_IsRaw()
    {
        var tar = TarBuilder.Tar(("node/package.json", """{"name":"@types/node","version":"1.0.0"}"""u8.ToArray()), ("other/x", "x"u8.ToArray()));

        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write("bundle.tgz", TarBuilder.Gzip(tar))));
    }

    [Fact]
    public async Task Upload_FormatNpm_TypesTarball_IsSentAsNpmAndCheckedAtTheScopedPath()
    {
        using var nexus = new NexusFake();
        nexus.StubHealthy().StubRepository("npm-hosted", "npm").StubUpload("npm-hosted");

        var run = await CliRun.RunAsync(
            ["upload", PackageFixtures.PathOf("types-node-20.11.0.tgz"), "-r", "npm-hosted", "-f", "npm", "--no-verify"],
            new Dictionary<string, string> { ["NEXUS_URL"] = nexus.Url });

        Assert.Equal(0, run.ExitCode);
        var file = Assert.Single(NexusFake.PartsOf(Assert.Single(nexus.Uploads)), p => p.FileName is not null);
        Assert.Equal("npm.asset", file.Name);
        Assert.Contains(nexus.Requests, r => r.RequestMessage!.Method == "HEAD" && Uri.UnescapeDataString(r.RequestMessage.Path) == "/repository/npm-hosted/@types/node/-/node-20.11.0.tgz");
    }
}
