using System.Text;
using NexusPush.IndexWait;

namespace NexusPush.Tests.IndexWait;

/// <summary>The published index formats: Debian Packages/Release files and createrepo repomd/primary.</summary>
public sealed class IndexParsingTests
{
    [Fact]
    public async Task ParseAsync_PackagesWithContinuationLines_ReadsEveryStanza()
    {
        var text = IndexFixtures.PackagesStanza("hello", "1:2.0-1", "amd64") + "\n" + IndexFixtures.PackagesStanza("libfoo", "0.1", "all");

        var entries = await DebianPackagesIndex.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), TestContext.Current.CancellationToken);

        Assert.Equal(
            [new DebianIndexEntry("hello", "1:2.0-1", "amd64", "pool/h/hello/hello_1:2.0-1_amd64.deb"), new DebianIndexEntry("libfoo", "0.1", "all", "pool/l/libfoo/libfoo_0.1_all.deb")],
            entries);
    }

    [Fact]
    public async Task ParseReleaseAsync_ChecksumSections_ListsEachBinaryPackagesFileOnce()
    {
        const string release = """
            Origin: nexus
            Suite: bookworm
            Architectures: amd64 arm64
            MD5Sum:
             d41d8cd98f00b204e9800998ecf8427e 0 main/binary-amd64/Packages
             d41d8cd98f00b204e9800998ecf8427e 20 main/binary-amd64/Packages.gz
             d41d8cd98f00b204e9800998ecf8427e 0 main/binary-arm64/Packages
            SHA256:
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0 main/binary-amd64/Packages
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0 main/binary-arm64/Packages
            """;

        var paths = await DebianPackagesIndex.ParseReleaseAsync(new MemoryStream(Encoding.UTF8.GetBytes(release)), TestContext.Current.CancellationToken);

        Assert.Equal(["main/binary-amd64/Packages", "main/binary-arm64/Packages"], paths);
    }

    [Fact]
    public async Task PrimaryHrefAsync_Repomd_ReturnsThePrimaryLocationNotAnotherType()
    {
        var href = await YumRepodata.PrimaryHrefAsync(new MemoryStream(Encoding.UTF8.GetBytes(IndexFixtures.Repomd("repodata/123-primary.xml.gz"))), TestContext.Current.CancellationToken);

        Assert.Equal("repodata/123-primary.xml.gz", href);
    }

    [Fact]
    public async Task ParsePrimaryAsync_GzippedPrimary_ReadsNameVersionReleaseArchAndLocation()
    {
        var gz = IndexFixtures.PrimaryGz(("foo", "1.2", "3.el9", "x86_64", "Packages/f/foo-1.2-3.el9.x86_64.rpm"), ("bar", "0.1", "1", "noarch", "bar-0.1-1.noarch.rpm"));

        var entries = await YumRepodata.ParsePrimaryAsync(new MemoryStream(gz), TestContext.Current.CancellationToken);

        Assert.Equal(
            [new YumIndexEntry("foo", "0", "1.2", "3.el9", "x86_64", "Packages/f/foo-1.2-3.el9.x86_64.rpm"), new YumIndexEntry("bar", "0", "0.1", "1", "noarch", "bar-0.1-1.noarch.rpm")],
            entries);
    }

    [Fact]
    public async Task ParsePrimaryAsync_UncompressedPrimary_IsReadToo()
    {
        var xml = """<metadata xmlns="http://linux.duke.edu/metadata/common"><package type="rpm"><name>baz</name><arch>aarch64</arch><version epoch="1" ver="2" rel="3"/></package></metadata>""";

        var entries = await YumRepodata.ParsePrimaryAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), TestContext.Current.CancellationToken);

        Assert.Equal([new YumIndexEntry("baz", "1", "2", "3", "aarch64", null)], entries);
    }

    [Theory]
    [InlineData("/el9/x86_64/foo.rpm", new[] { "/el9/x86_64", "/el9", "" })]
    [InlineData("/foo.rpm", new[] { "" })]
    public void YumBases_TargetPath_GivesEachFolderDeepestFirst(string path, string[] expected) =>
        Assert.Equal(expected, IndexMatch.YumBases(path));
}
