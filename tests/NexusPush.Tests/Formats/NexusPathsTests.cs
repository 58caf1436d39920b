using NexusPush.Formats;

namespace NexusPush.Tests.Formats;

/// <summary>The stored-path predictor against every example in nexus-contract.md §3.</summary>
public sealed class NexusPathsTests
{
    [Theory]
    [InlineData("a/b/", "c.txt", "/a/b/c.txt")] // §3 raw example
    [InlineData("/", "c.txt", "/c.txt")] // §3 raw example: root
    [InlineData(null, "c.txt", "/c.txt")]
    [InlineData("", "c.txt", "/c.txt")]
    [InlineData("//a//b//", "c.txt", "/a/b/c.txt")] // runs of '/' collapsed
    [InlineData("  a/b  ", "  c.txt ", "/a/b/c.txt")] // directory and filename trimmed
    [InlineData("a", "sub/dir/c.txt", "/a/sub/dir/c.txt")] // filename may contain '/'
    [InlineData("/releases/1.2.3/", "/SHA256SUMS", "/releases/1.2.3/SHA256SUMS")]
    public void Predict_Raw_NormalisesLikeNexus(string? directory, string fileName, string expected)
    {
        Assert.Equal(expected, NexusPaths.Predict(ArtifactFormat.Raw, null, fileName, directory));
    }

    [Theory]
    [InlineData("hello", "2.0-1", "amd64", "/pool/h/hello/hello_2.0-1_amd64.deb")]
    [InlineData("libfoo", "1.0", "amd64", "/pool/l/libfoo/libfoo_1.0_amd64.deb")] // §3: no lib* 4-letter rule
    [InlineData("hello", "1:2.0-1", "all", "/pool/h/hello/hello_1:2.0-1_all.deb")] // §3: epoch kept
    public void Predict_Apt_UsesControlFieldsVerbatim(string package, string version, string arch, string expected)
    {
        Assert.Equal(expected, NexusPaths.Predict(ArtifactFormat.Apt, new PackageInfo(package, version, arch), "whatever-the-file-is-called.deb", null));
    }

    [Theory]
    [InlineData("el9/x86_64", "tool-3.1.4-7.el9.x86_64.rpm", "/el9/x86_64/tool-3.1.4-7.el9.x86_64.rpm")]
    [InlineData("/games/lol/", "ashe.rpm", "/games/lol/ashe.rpm")] // §3 yum example (repodata depth 2)
    [InlineData(null, "a.rpm", "/a.rpm")] // directory optional ⇒ root
    public void Predict_Yum_IsDirectoryAndFileName(string? directory, string fileName, string expected)
    {
        Assert.Equal(expected, NexusPaths.Predict(ArtifactFormat.Yum, new PackageInfo("tool", "3.1.4", "x86_64", "7.el9"), fileName, directory));
    }

    [Theory]
    [InlineData("Hello.World", "2.0", "hello_world-2.0-py3-none-any.whl", "/packages/hello-world/2.0/hello_world-2.0-py3-none-any.whl")]
    [InlineData("zope.interface", "6.0", "zope.interface-6.0.tar.gz", "/packages/zope-interface/6.0/zope.interface-6.0.tar.gz")]
    [InlineData("My__Odd-._Name", "1.0rc1", "x.tar.gz", "/packages/my-odd-name/1.0rc1/x.tar.gz")] // runs of -_. become one '-'
    [InlineData("requests", "2.31.0", "requests-2.31.0.tar.gz", "/packages/requests/2.31.0/requests-2.31.0.tar.gz")]
    public void Predict_PyPi_NormalisesNamePep503(string name, string version, string fileName, string expected)
    {
        Assert.Equal(expected, NexusPaths.Predict(ArtifactFormat.PyPi, new PackageInfo(name, version), fileName, null));
    }

    [Theory]
    [InlineData("left-pad", "1.3.0", "/left-pad/-/left-pad-1.3.0.tgz")]
    [InlineData("@scope/name", "1.0.0", "/@scope/name/-/name-1.0.0.tgz")] // §3 npm scoped example
    public void Predict_Npm_UsesPackageJsonName(string name, string version, string expected)
    {
        Assert.Equal(expected, NexusPaths.Predict(ArtifactFormat.Npm, new PackageInfo(name, version), "anything.tgz", null));
    }

    [Fact]
    public void Predict_Helm_IsChartNameAndVersion()
    {
        Assert.Equal("/mychart-0.1.0.tgz", NexusPaths.Predict(ArtifactFormat.Helm, new PackageInfo("mychart", "0.1.0"), "renamed.tgz", null));
    }

    [Fact]
    public void Predict_NuGet_IsUnknown()
    {
        Assert.Null(NexusPaths.Predict(ArtifactFormat.NuGet, new PackageInfo("Acme.Tool", "1.2.3"), "Acme.Tool.1.2.3.nupkg", null));
    }

    [Theory]
    [InlineData("a/./b", "'.' or '..'")]
    [InlineData("../up", "'.' or '..'")]
    [InlineData("a\\b", "backslash")]
    public void ProblemWithDirectory_DotSegmentsAndBackslashes_AreRefused(string directory, string expected)
    {
        Assert.Contains(expected, NexusPaths.ProblemWithDirectory(directory), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("v1.2.3/x..y")]
    public void ProblemWithDirectory_OrdinaryDirectories_AreFine(string directory)
    {
        Assert.Null(NexusPaths.ProblemWithDirectory(directory));
    }

    [Theory]
    [InlineData("hello-gzip.deb", null, "/pool/h/hello/hello_1:2.0-1_amd64.deb")]
    [InlineData("libfoo1_0.9_arm64.deb", null, "/pool/l/libfoo1/libfoo1_0.9_arm64.deb")]
    [InlineData("tool-3.1.4-7.el9.x86_64.rpm", "el9", "/el9/tool-3.1.4-7.el9.x86_64.rpm")]
    [InlineData("hello_world-2.0-py3-none-any.whl", null, "/packages/hello-world/2.0/hello_world-2.0-py3-none-any.whl")]
    [InlineData("hello_world-2.0.tar.gz", null, "/packages/hello-world/2.0/hello_world-2.0.tar.gz")]
    [InlineData("acme-widgets-0.4.1.tgz", null, "/@acme/widgets/-/widgets-0.4.1.tgz")]
    [InlineData("mychart-0.1.0.tgz", null, "/mychart-0.1.0.tgz")]
    [InlineData("config-bundle.tar.gz", "configs", "/configs/config-bundle.tar.gz")]
    public void Predict_DetectedFixture_GivesStoredPath(string fixture, string? directory, string expected)
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf(fixture));

        Assert.Equal(expected, NexusPaths.Predict(detection.Format, detection.Package, fixture, directory));
    }
}
