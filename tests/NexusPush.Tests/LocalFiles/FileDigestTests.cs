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
    [InlineData((3 << 20) + 12345)] // several 1 MB chunks and a short last one
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

    [Fact]
    public async Task ComputeAsync_ALinkRePointedSinceTheScan_ReadsNothing()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Device and inode come from statx on Linux.");
        using var dir = new TempDir();
        var planned = dir.Write("tree/x.txt", "INSIDE\n");
        var outside = dir.Write("outside/x.txt", "SECRET\n");
        var link = Path.Combine(dir.Path, "tree", "esc.txt");
        File.CreateSymbolicLink(link, planned);
        var judged = FileIdentity.Of(link);
        File.Delete(link);
        File.CreateSymbolicLink(link, outside);
        using var reads = FileReadCounter.Start();

        var error = await Assert.ThrowsAsync<FileChangedException>(() => FileDigest.ComputeAsync(link, judged, TestContext.Current.CancellationToken));

        Assert.Equal($"replaced by another file since the scan: {link} now leads to {outside} (a link re-pointed or a file moved over it); nothing was read or sent — run again so the scan judges it anew", error.Message);
        Assert.Equal(0, reads.Total(FileReadPurpose.Digest));
    }

    [Fact]
    public async Task ComputeAsync_TheSameFileAsJudged_IsRead()
    {
        using var dir = new TempDir();
        var path = dir.Write("x.txt", "INSIDE\n");

        var digest = await FileDigest.ComputeAsync(path, FileIdentity.Of(path), TestContext.Current.CancellationToken);

        Assert.Equal(7, digest.Length);
    }

    [Fact]
    public void Open_AFileDeletedSinceTheScan_SaysSo()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "gone.txt");

        var error = Assert.Throws<FileChangedException>(() => FileDigest.Open(path, expected: null, FileReadPurpose.Upload));

        Assert.StartsWith($"deleted since the scan ({path}); nothing was sent", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What keeps a 1 GiB upload near the cost of its two hashes (bench/RESULTS.md, "Hashing on one thread"): every chunk is
    /// read, hashed twice and handed to the sender on the calling thread. A thread-pool hop per chunk (a hash on another
    /// thread, a read queued to the pool) costs more CPU than it saves wall time, so with a sender that completes at once
    /// the whole read completes before the call returns.
    /// </summary>
    [Fact]
    public async Task ReadAsync_ASenderThatCompletesAtOnce_TheWholeReadCompletesOnTheCallingThread()
    {
        using var dir = new TempDir();
        var bytes = new byte[(3 << 20) + 12345];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(dir.Path, "big.bin");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var chunks = 0;

        var reading = FileDigest.ReadAsync(path, FileReadPurpose.Upload, 1 << 20, _ =>
        {
            chunks++;
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);

        Assert.True(reading.IsCompletedSuccessfully, "the read left the calling thread (a hash or a read handed to the thread pool)");
        var digest = await reading;
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(bytes)), digest.Sha1);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), digest.Sha256);
        Assert.Equal(4, chunks);
    }
}
