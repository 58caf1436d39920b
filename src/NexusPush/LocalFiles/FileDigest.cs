using System.Buffers;
using System.Security.Cryptography;

namespace NexusPush.LocalFiles;

/// <summary>SHA-1 (what Nexus puts in the ETag, nexus-contract.md §4) and SHA-256 (what reports show) of one file's bytes, lower-case hex.</summary>
internal sealed record FileDigest(string Sha1, string Sha256, long Length)
{
    /// <summary>1 MB chunks: few read calls, and still a small buffer (pooled, so not one per file).</summary>
    private const int HashChunkSize = 1 << 20;

    /// <summary>Both hashes in one read of the file.</summary>
    public static Task<FileDigest> ComputeAsync(string path, CancellationToken cancellationToken) =>
        ComputeAsync(path, expected: null, cancellationToken);

    /// <summary>Both hashes in one read of the file, which must be the one planned (<see cref="Open"/>).</summary>
    public static Task<FileDigest> ComputeAsync(string path, FileIdentity? expected, CancellationToken cancellationToken) =>
        ReadAsync(path, expected, FileReadPurpose.Digest, HashChunkSize, forward: null, cancellationToken);

    /// <summary>
    /// The one read loop behind comparing, uploading and copying to the fallback folder: reads the file once in pooled
    /// chunks and hashes each chunk while <paramref name="forward"/> (the request body, the fallback copy) sends it on.
    /// </summary>
    public static Task<FileDigest> ReadAsync(string path, FileReadPurpose purpose, int chunkSize, Func<ReadOnlyMemory<byte>, ValueTask>? forward, CancellationToken cancellationToken) =>
        ReadAsync(path, expected: null, purpose, chunkSize, forward, cancellationToken);

    /// <summary><see cref="ReadAsync(string, FileReadPurpose, int, Func{ReadOnlyMemory{byte}, ValueTask}?, CancellationToken)"/> of the planned file (<see cref="Open"/>).</summary>
    public static async Task<FileDigest> ReadAsync(string path, FileIdentity? expected, FileReadPurpose purpose, int chunkSize, Func<ReadOnlyMemory<byte>, ValueTask>? forward, CancellationToken cancellationToken) =>
        await ReadAsync(Open(path, expected, purpose), path, purpose, chunkSize, forward, cancellationToken);

    /// <summary>
    /// Opens <paramref name="path"/> to read it whole, and proves it is the file planning judged: the device and inode
    /// of the open handle — the file the kernel actually reached, links and all — must be <paramref name="expected"/>'s.
    /// So a link re-pointed outside the tree, or a file replaced, between the scan and this open is never read as the
    /// planned one. Each way the file can have gone says so in one sentence, never as an I/O error a caller might
    /// take for a network one.
    /// </summary>
    /// <exception cref="FileChangedException">The file was deleted, replaced by a directory or by another file since the scan.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    /// <exception cref="IOException">Another reason it cannot be opened.</exception>
    public static FileStream Open(string path, FileIdentity? expected, FileReadPurpose purpose)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileChangedException($"deleted since the scan ({path}); nothing was sent — run again to sync what is there now", e);
        }
        catch (UnauthorizedAccessException e) when (Directory.Exists(path))
        {
            throw new FileChangedException($"replaced by a directory since the scan ({path}); nothing was sent — run again to sync what is there now", e);
        }

        try
        {
            if (expected is { } planned && !planned.SameFileAs(FileIdentity.Of(stream.SafeFileHandle)))
            {
                throw new FileChangedException($"replaced by another file since the scan: {path} now leads to {Describe(path)} (a link re-pointed or a file moved over it); nothing was read or sent — run again so the scan judges it anew");
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        FileReadCounter.Opened(path, purpose);
        return stream;
    }

    /// <summary>Reads and closes <paramref name="stream"/>, a file <see cref="Open"/> opened at <paramref name="path"/>.</summary>
    public static async Task<FileDigest> ReadAsync(FileStream stream, string path, FileReadPurpose purpose, int chunkSize, Func<ReadOnlyMemory<byte>, ValueTask>? forward, CancellationToken cancellationToken)
    {
        using var hasher = new DigestAccumulator();
        await using var owned = stream;
        var opened = FileIdentity.Of(stream.SafeFileHandle);

        // Pooled: a fresh array per file would land on the large-object heap, and a sync or no-op re-sync reads thousands.
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            // A synchronous read: from the page cache it is one copy, where ReadAsync queues every chunk's pread to
            // the thread pool and wakes this flow again (about 0.2 CPU-s per GiB; bench/RESULTS.md). Cancellation is
            // checked per chunk, as ReadAsync on Unix did (its pread cannot be interrupted either).
            int read;
            while ((read = stream.Read(buffer, 0, chunkSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsMemory(0, read);
                await hasher.AppendAsync(chunk, forward is null ? null : () => forward(chunk));
            }

            var digest = hasher.Finish();
            RequireUnchanged(path, purpose, opened, FileIdentity.Of(stream.SafeFileHandle), digest.Length);
            return digest;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Where the path leads now, for the sentence of a replaced file.</summary>
    private static string Describe(string path)
    {
        try
        {
            return RealPath.Of(path);
        }
        catch (IOException)
        {
            return "a loop of links";
        }
    }

    /// <summary>
    /// Bytes read while something wrote to the file may be a mix of two versions that never existed on disk as one:
    /// a same-size rewrite in place shows only in mtime/ctime, a replacement by rename only in the inode the path names.
    /// </summary>
    /// <exception cref="FileChangedException">The file is not the one, or no longer holds the bytes, that was opened.</exception>
    private static void RequireUnchanged(string path, FileReadPurpose purpose, FileIdentity opened, FileIdentity closed, long bytesRead)
    {
        string? change = null;
        if (!opened.SameAs(closed) || bytesRead != closed.Length)
        {
            change = "it was written to meanwhile";
        }
        else
        {
            try
            {
                if (!FileIdentity.Of(path).SameFileAs(opened))
                {
                    change = "another file took its name meanwhile";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                change = "it was removed or renamed meanwhile";
            }
        }

        if (change is not null)
        {
            var reading = purpose switch
            {
                FileReadPurpose.Upload => "uploaded",
                FileReadPurpose.FallbackCopy => "copied to the fallback folder",
                _ => "hashed",
            };
            throw new FileChangedException($"{path} changed while being {reading} ({change})");
        }
    }
}

/// <summary>Feeds bytes to SHA-1 and SHA-256 at once, for <see cref="FileDigest.ReadAsync(FileStream, string, FileReadPurpose, int, Func{ReadOnlyMemory{byte}, ValueTask}?, CancellationToken)"/>.</summary>
internal sealed class DigestAccumulator : IDisposable
{
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Length { get; private set; }

    /// <summary>
    /// Feeds one chunk to both hashes, on this thread, after starting <paramref name="alongside"/> (the socket write of
    /// the same bytes), so the kernel's copy to the socket and the hashing overlap. Both hashes stay on the calling
    /// thread: SHA-256 on a pool thread per chunk cost about 0.5 CPU-s per GiB in wake-ups and spinning (bench/RESULTS.md,
    /// "Hashing on one thread") and one thread still hashes both faster than a 1 Gbit/s link carries them.
    /// Returns only when every use of <paramref name="data"/> is over, so the caller may reuse the buffer.
    /// </summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data, Func<ValueTask>? alongside = null)
    {
        var write = alongside?.Invoke() ?? ValueTask.CompletedTask;
        _sha1.AppendData(data.Span);
        _sha256.AppendData(data.Span);
        Length += data.Length;
        await write;
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
