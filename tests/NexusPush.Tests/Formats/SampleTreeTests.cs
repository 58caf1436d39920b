using NexusPush.Formats;

namespace NexusPush.Tests.Formats;

/// <summary>samples/artifacts (samples/make-sample-tree.sh), the README's first command, is detected as intended.</summary>
public sealed class SampleTreeTests
{
    [Theory]
    [InlineData("product-a/1.2.3/bookworm/product-a_1.2.3-1_amd64.deb", "apt", "product-a 1.2.3-1")]
    [InlineData("product-a/1.2.3/bookworm/libproduct-a1_1.2.3-1_amd64.deb", "apt", "libproduct-a1 1.2.3-1")]
    [InlineData("product-a/1.2.3/el9/product-a-1.2.3-1.el9.x86_64.rpm", "yum", "product-a 1.2.3")]
    [InlineData("product-a/1.2.3/python/product_a-1.2.3-py3-none-any.whl", "pypi", "product-a 1.2.3")]
    [InlineData("product-a/1.2.3/python/product_a-1.2.3.tar.gz", "pypi", "product-a 1.2.3")]
    [InlineData("product-a/1.2.3/config/product-a-config-1.2.3.tar.gz", "raw", null)]
    [InlineData("product-a/1.2.3/docs/manual.pdf", "raw", null)]
    [InlineData("product-a/1.2.3/SHA256SUMS", "raw", null)]
    [InlineData("tools/deploy.py", "raw", null)]
    public void Detect_SampleTreeFile_IsWhatItLooksLike(string relativePath, string format, string? nameAndVersion)
    {
        var detection = FormatDetector.Detect(SamplePath(relativePath));

        Assert.Null(detection.InvalidReason);
        Assert.Equal(format, detection.Format.NexusId());
        Assert.Equal(nameAndVersion, detection.Package is { } p ? $"{p.Name} {p.Version}" : null);
    }

    [Fact]
    public void Detect_SampleBrokenDeb_IsInvalidApt()
    {
        var detection = FormatDetector.Detect(SamplePath("broken/not-really.deb"));

        Assert.Equal(ArtifactFormat.Apt, detection.Format);
        Assert.StartsWith("not an ar archive", detection.InvalidReason, StringComparison.Ordinal);
    }

    private static string SamplePath(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "artifacts", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("sample missing; run samples/make-sample-tree.sh", relativePath);
    }
}
