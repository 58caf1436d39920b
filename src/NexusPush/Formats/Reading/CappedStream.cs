namespace NexusPush.Formats.Reading;

/// <summary>
/// Passes reads through until <paramref name="cap"/> bytes have come out, then fails with a reason. Wraps every
/// decompressor, so a zip bomb or an endless stream stops at the cap instead of running on.
/// </summary>
internal sealed class CappedStream(Stream inner, long cap, string what) : ReadOnlyStreamBase
{
    private long _total;

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _total += read;
        if (_total > cap)
        {
            throw new ReadingLimitException($"{what} decompresses to more than {cap / (1 << 20)} MiB");
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
