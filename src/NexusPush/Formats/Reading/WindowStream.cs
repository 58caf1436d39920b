namespace NexusPush.Formats.Reading;

/// <summary>
/// A read-only window [offset, offset + length) over a seekable stream, so a decompressor reading one archive
/// member can never run into the next member or past the end of the file.
/// </summary>
internal sealed class WindowStream(Stream inner, long offset, long length) : ReadOnlyStreamBase
{
    private long _position;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var left = length - _position;
        if (left <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        inner.Position = offset + _position;
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        _position += read;
        return read;
    }
}
