using System.IO.Compression;

namespace NexusPush.Formats.Reading;

/// <summary>
/// The decompressed bytes of a gzip file, and at their end the proof that the file was whole. .NET's GZipStream
/// checks each member's CRC-32 and length, but ends quietly when a member is cut short, and stops quietly at bytes
/// after a member that are not gzip. So a complete gzip member of a known marker is read after the file: its bytes
/// come out only when every member of the file was complete and only gzip followed. The marker is held back from the
/// reader; a broken stream throws <see cref="CorruptGzipException"/>, at the point the break shows.
/// </summary>
internal sealed class WholeGzipStream : ReadOnlyStreamBase
{
    private static readonly byte[] Marker = "nexus-push: the end of a whole gzip stream"u8.ToArray();
    private static readonly byte[] MarkerMember = Compress(Marker);
    private readonly GZipStream _gzip;
    private readonly byte[] _window = new byte[(64 << 10) + Marker.Length];
    private int _start;
    private int _count;
    private bool _ended;

    public WholeGzipStream(Stream file) =>
        _gzip = new GZipStream(new FollowedBy(file, MarkerMember), CompressionMode.Decompress, leaveOpen: false);

    /// <summary>The decompressed bytes handed out so far.</summary>
    public long Total { get; private set; }

    public override long Position
    {
        get => Total;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        // Hand out only bytes that at least a marker's length of further bytes follows: the last ones may be it.
        while (_count <= Marker.Length && !_ended)
        {
            Fill();
        }

        var n = Math.Min(buffer.Length, _count - Marker.Length);
        if (n <= 0)
        {
            return 0;
        }

        _window.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        _count -= n;
        Total += n;
        return n;
    }

    /// <summary>
    /// Reads on to the end, discarding, unless more than <paramref name="cap"/> bytes come out in all: true when the
    /// stream proved whole, false when the cap came first (not vouched for). Throws <see cref="CorruptGzipException"/>.
    /// </summary>
    public bool CheckToEnd(long cap)
    {
        Span<byte> scratch = stackalloc byte[16 << 10];
        while (Total <= cap)
        {
            if (Read(scratch) == 0)
            {
                return true;
            }
        }

        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        _window.AsSpan(_start, _count).CopyTo(_window);
        _start = 0;
        int read;
        try
        {
            read = _gzip.Read(_window.AsSpan(_count));
        }
        catch (InvalidDataException)
        {
            // GZipStream's messages here are misleading ("unsupported compression method" for a CRC mismatch).
            throw new CorruptGzipException("its data or a checksum is damaged, or it is cut short");
        }

        _count += read;
        if (read == 0)
        {
            _ended = true;
            if (!_window.AsSpan(0, _count).SequenceEqual(Marker))
            {
                throw new CorruptGzipException("it is cut short, or followed by bytes that are not gzip");
            }
        }
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary>A file's bytes, then <paramref name="tail"/>.</summary>
    private sealed class FollowedBy(Stream file, byte[] tail) : ReadOnlyStreamBase
    {
        private int _tailRead;

        public override int Read(Span<byte> buffer)
        {
            if (_tailRead == 0 && !buffer.IsEmpty && file.Read(buffer) is > 0 and var read)
            {
                return read;
            }

            var n = Math.Min(buffer.Length, tail.Length - _tailRead);
            tail.AsSpan(_tailRead, n).CopyTo(buffer);
            _tailRead += n;
            return n;
        }
    }
}

/// <summary>A gzip stream is not whole: the phrase says how ("it is cut short …").</summary>
internal sealed class CorruptGzipException(string how) : IOException(how);
