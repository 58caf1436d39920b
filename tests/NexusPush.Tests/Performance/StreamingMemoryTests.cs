using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Performance;

/// <summary>
/// An upload streams the file; the client holds a bounded window of it, whatever the file's size. Proven
/// with a server that stops reading the body: the client may only get as far ahead as the socket buffers allow.
/// </summary>
public sealed class StreamingMemoryTests
{
    private const long FileSize = 200L << 20;
    private const int PauseAfter = 1 << 20;

    /// <summary>
    /// Kestrel buffers 1 MB (CountingServer), loopback TCP at most a few tens of MB (receive buffer up to
    /// net.ipv4.tcp_rmem max, 32 MB on common kernels, plus the send buffer): anything near the file size means the
    /// client buffered the body.
    /// </summary>
    private const long MaxAheadOfServer = 64L << 20;

    [Fact]
    public async Task UploadAsync_ServerStopsReading_ClientStaysWithinSocketBuffersThenSendsAllBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "big.bin");
        var (expectedSha1, expectedSha256) = await WriteFileAsync(path, ct);

        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long receivedLength = -1;
        string? receivedSha1 = null;
        await using var server = await CountingServer.StartAsync(async (_, context) =>
        {
            (receivedLength, receivedSha1) = await ReadFilePartAsync(context, paused, release.Task);
            context.Response.StatusCode = 204;
        });
        var sent = new ByteCounter();

        var upload = Clients.For(server.Url).UploadAsync(
            new UploadRequest("raw-h", path, FileSize, ComponentForm.For(ArtifactFormat.Raw, "big.bin", "/"), null), sent, ct);
        try
        {
            await paused.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            var ahead = await SettledAsync(sent, ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"client got {ahead >> 10} KiB ahead of a server that read {PauseAfter >> 10} KiB of the file part");
            Assert.InRange(ahead, PauseAfter, MaxAheadOfServer);
            Assert.False(upload.IsCompleted);
        }
        finally
        {
            release.TrySetResult(); // also when an assertion failed: the server must not hold the request at shutdown
        }

        var receipt = await upload.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal((FileSize, expectedSha1), (receivedLength, receivedSha1));
        Assert.Equal(FileSize, sent.Total);
        Assert.Equal((expectedSha1, expectedSha256, FileSize), (receipt.Digest.Sha1, receipt.Digest.Sha256, receipt.Digest.Length));
        Assert.Equal(1, receipt.Attempts);
    }

    /// <summary>200 MB of non-repeating 1 MB blocks (a reordered or dropped block changes the SHA-1), with their hashes.</summary>
    private static async Task<(string Sha1, string Sha256)> WriteFileAsync(string path, CancellationToken ct)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var block = RandomNumberGenerator.GetBytes(1 << 20);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        for (var i = 0; i < FileSize / block.Length; i++)
        {
            BitConverter.TryWriteBytes(block, i);
            sha1.AppendData(block);
            sha256.AppendData(block);
            await file.WriteAsync(block, ct);
        }

        return (Convert.ToHexStringLower(sha1.GetHashAndReset()), Convert.ToHexStringLower(sha256.GetHashAndReset()));
    }

    /// <summary>Reads the multipart body as it streams: the first MB of the file part, then waits for the test, then the rest, hashing.</summary>
    private static async Task<(long Length, string Sha1)> ReadFilePartAsync(HttpContext context, TaskCompletionSource paused, Task release)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.FileName.HasValue)
            {
                continue;
            }

            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            var buffer = new byte[1 << 16];
            long length = 0;
            int read;
            while ((read = await section.Body.ReadAsync(buffer)) > 0)
            {
                sha1.AppendData(buffer.AsSpan(0, read));
                length += read;
                if (length >= PauseAfter && !paused.Task.IsCompleted)
                {
                    paused.SetResult();
                    await release;
                }
            }

            return (length, Convert.ToHexStringLower(sha1.GetHashAndReset()));
        }

        throw new InvalidOperationException("no file part");
    }

    /// <summary>
    /// Waits until the client stops getting further ahead (its writes block once the socket buffers are full): the
    /// count must not move for a few polls in a row. Bounded: a client that never stops has buffered the file.
    /// </summary>
    private static async Task<long> SettledAsync(ByteCounter sent, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var last = sent.Total;
        var unchanged = 0;
        while (unchanged < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the client kept reading the file while the server did not read ({sent.Total} bytes)");
            await Task.Delay(50, ct);
            var now = sent.Total;
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
        }

        return last;
    }
}

/// <summary>The bytes an upload reports as sent (FileUploadContent reports each chunk after writing it to the request stream).</summary>
internal sealed class ByteCounter : IProgress<long>
{
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Report(long value) => Interlocked.Add(ref _total, value);
}
