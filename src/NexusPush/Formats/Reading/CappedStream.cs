namespace NexusPush.Formats.Reading;

/// <summary>
/// Passes reads through until <paramref name="cap"/> bytes have come out, then fails with a reason. Wraps every
/// decompressor, so a zip bomb or an endless stream stops at the cap instead of running on.
/// </summary>
internal sealed class CappedStream(Stream inner, long cap, string what) : Stream
{
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _total += read;
        if (_total > cap)
        {
            throw new MalformedPackageException($"{what} decompresses to more than {cap / (1 << 20)} MiB");
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
