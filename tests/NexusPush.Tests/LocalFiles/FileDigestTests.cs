using System.Security.Cryptography;
using NexusPush.LocalFiles;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.LocalFiles;

/// <summary>The digests compared with Nexus's ETag and listing (nexus-contract.md §4, §5.3), whatever path computed them.</summary>
public sealed class FileDigestTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData((3 << 20) + 12345)] // several 1 MB chunks hashed on two threads, and a short last one
    public async Task ComputeAsync_EqualsOneShotHashes(int size)
    {
        using var dir = new TempDir();
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(dir.Path, "f.bin");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var digest = await FileDigest.ComputeAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(bytes)), digest.Sha1);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), digest.Sha256);
        Assert.Equal(size, digest.Length);
    }
}
