using NexusPush.Formats;

namespace NexusPush.Tests.Formats;

/// <summary>Detection of real packages (tests/fixtures/make-fixtures.sh) and the metadata Nexus derives paths from.</summary>
public sealed class FormatDetectorTests
{
    [Theory]
    [InlineData("hello-gzip.deb")]
    [InlineData("hello-xz.deb")]
    [InlineData("hello-zstd.deb")]
    [InlineData("hello-none.deb")]
    public void Detect_DebEveryControlCompression_ReadsControlFields(string fixture)
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf(fixture));

        Assert.Null(detection.InvalidReason);
        Assert.Equal(ArtifactFormat.Apt, detection.Format);
        Assert.Equal(new PackageInfo("hello", "1:2.0-1", "amd64"), detection.Package);
    }

    [Fact]
    public void Detect_LibDeb_ReadsControlFields()
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf("libfoo1_0.9_arm64.deb"));

        Assert.Equal(new PackageInfo("libfoo1", "0.9", "arm64"), detection.Package);
    }

    [Theory]
    [InlineData("hello-2.0-1.noarch.rpm", "hello", "2.0", "1", "noarch")]
    [InlineData("tool-3.1.4-7.el9.x86_64.rpm", "tool", "3.1.4", "7.el9", "x86_64")]
    public void Detect_RpmbuildOutput_ReadsHeaderTags(string fixture, string name, string version, string release, string arch)
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf(fixture));

        Assert.Equal(ArtifactFormat.Yum, detection.Format);
        Assert.Equal(new PackageInfo(name, version, arch, release), detection.Package);
    }

    [Theory]
    [InlineData("hello_world-2.0-py3-none-any.whl")]
    [InlineData("hello_world-2.0.tar.gz")]
    [InlineData("hello_world-2.0.zip")]
    public void Detect_WheelAndSdists_ReadsNameAndVersion(string fixture)
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf(fixture));

        Assert.Equal(ArtifactFormat.PyPi, detection.Format);
        Assert.Equal(new PackageInfo("Hello.World", "2.0"), detection.Package);
    }

    [Theory]
    [InlineData("left-pad-1.3.0.tgz", "npm", "left-pad", "1.3.0")]
    [InlineData("acme-widgets-0.4.1.tgz", "npm", "@acme/widgets", "0.4.1")]
    [InlineData("mychart-0.1.0.tgz", "helm", "mychart", "0.1.0")]
    [InlineData("Acme.Tool.1.2.3.nupkg", "nuget", "Acme.Tool", "1.2.3")]
    public void Detect_NpmHelmNuGet_ReadsNameAndVersion(string fixture, string format, string name, string version)
    {
        var detection = FormatDetector.Detect(PackageFixtures.PathOf(fixture));

        Assert.Equal(format, detection.Format.NexusId());
        Assert.Equal(new PackageInfo(name, version), detection.Package);
    }

    [Theory]
    [InlineData("config-bundle.tar.gz")]
    [InlineData("site-1.0.tar.gz")]
    [InlineData("site-1.0.zip")]
    public void Detect_TarballOrZipWithoutPackageMetadata_IsRaw(string fixture)
    {
        Assert.Equal(Detection.Raw, FormatDetector.Detect(PackageFixtures.PathOf(fixture)));
    }

    [Fact]
    public void Detect_DebRenamedWithoutExtension_IsStillApt()
    {
        using var dir = new Support.TempDir();
        var path = dir.Write("artifact.bin", PackageFixtures.Bytes("hello-xz.deb"));

        Assert.Equal(ArtifactFormat.Apt, FormatDetector.Detect(path).Format);
    }

    [Fact]
    public void Detect_RpmRenamed_IsStillYum()
    {
        using var dir = new Support.TempDir();
        var path = dir.Write("download", PackageFixtures.Bytes("hello-2.0-1.noarch.rpm"));

        Assert.Equal(ArtifactFormat.Yum, FormatDetector.Detect(path).Format);
    }
}
