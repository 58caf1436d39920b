using System.Buffers;
using System.Security.Cryptography;

namespace NexusPush.Nexus;

/// <summary>SHA-1 (what Nexus puts in the ETag, nexus-api.md §4) and SHA-256 (what reports show) of one file's bytes, lower-case hex.</summary>
internal sealed record FileDigest(string Sha1, string Sha256, long Length)
{
    private const int BufferSize = 1 << 17;

    /// <summary>Both hashes in one read of the file.</summary>
    public static async Task<FileDigest> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        using var hasher = new DigestAccumulator();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        FileReadCounter.Opened(path, FileReadPurpose.Digest);
        // Pooled: a fresh 128 KB array per file lands on the large-object heap, and a no-op re-sync hashes thousands.
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }

            return hasher.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>Feeds bytes to SHA-1 and SHA-256 at once, so a file is hashed while it streams to Nexus.</summary>
internal sealed class DigestAccumulator : IDisposable
{
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _sha1.AppendData(data);
        _sha256.AppendData(data);
        Length += data.Length;
    }

    public FileDigest Finish() => new(
        Convert.ToHexStringLower(_sha1.GetHashAndReset()),
        Convert.ToHexStringLower(_sha256.GetHashAndReset()),
        Length);

    public void Dispose()
    {
        _sha1.Dispose();
        _sha256.Dispose();
    }
}
