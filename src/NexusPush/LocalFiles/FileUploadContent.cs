using System.Net;
using System.Net.Http.Headers;

namespace NexusPush.LocalFiles;

/// <summary>
/// The file part of an upload: streams the file from disk in fixed-size chunks (memory does not grow with the
/// file), hashes what it sends, reports progress and says when bytes moved (the caller's stall watchdog). A fresh instance is made for every
/// attempt, so a retry re-reads the file from the start. The file is opened before the request goes out
/// (<see cref="FileDigest.Open"/>): a file deleted or replaced since the scan fails there, in its own words, and is
/// never mistaken for a broken connection by the code that classifies what HttpClient throws.
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    private const int ChunkSize = 1 << 19;
    private readonly FileStream _source;
    private readonly string _path;
    private readonly long _expectedLength;
    private readonly Action? _moved;
    private readonly IProgress<long>? _progress;
    private readonly Action? _onSent;

    /// <param name="source">The file, opened by <see cref="FileDigest.Open"/>; the content owns and closes it.</param>
    /// <param name="path">Its path, for messages.</param>
    /// <param name="expectedLength">The size planned.</param>
    /// <param name="moved">Called whenever bytes went out.</param>
    /// <param name="progress">Bytes sent, chunk by chunk.</param>
    /// <param name="onSent">Called once the whole file went out.</param>
    public FileUploadContent(FileStream source, string path, long expectedLength, Action? moved, IProgress<long>? progress, Action? onSent = null)
    {
        _source = source;
        _onSent = onSent;
        _path = path;
        _expectedLength = expectedLength;
        _moved = moved;
        _progress = progress;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>The digest of the bytes sent, once the whole file went out; null while incomplete.</summary>
    public FileDigest? SentDigest { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        long sent = 0;
        var digest = await FileDigest.ReadAsync(_source, _path, FileReadPurpose.Upload, ChunkSize, async chunk =>
        {
            sent += chunk.Length;
            if (sent > _expectedLength)
            {
                throw new FileChangedException($"{_path} grew while it was being uploaded (planned {_expectedLength} bytes)");
            }

            await stream.WriteAsync(chunk, cancellationToken);
            _moved?.Invoke();
            _progress?.Report(chunk.Length);
        }, cancellationToken);

        if (digest.Length != _expectedLength)
        {
            // Stop before the closing boundary: Nexus gets a truncated body and stores nothing.
            throw new FileChangedException($"{_path} shrank while it was being uploaded ({digest.Length} of {_expectedLength} planned bytes)");
        }

        SentDigest = digest;
        _onSent?.Invoke();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose(); // when the body was never sent (a refusal before 100 Continue); a no-op after a read
        }

        base.Dispose(disposing);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _expectedLength;
        return true;
    }
}

/// <summary>The local file changed between planning and upload; the attempt is aborted so nothing corrupt is stored.</summary>
internal sealed class FileChangedException(string message, Exception? inner = null) : IOException(message, inner);
