using System.Text;

namespace NexusPush.Formats.Reading;

/// <summary>Small read helpers that turn short reads into reasons and never allocate more than they are told.</summary>
internal static class BoundedRead
{
    /// <summary>Fills <paramref name="buffer"/> or throws with "<paramref name="truncated"/>".</summary>
    public static void Exactly(Stream stream, Span<byte> buffer, string truncated)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new MalformedPackageException(truncated);
        }
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; a stream with more is malformed for our purpose.</summary>
    public static byte[] All(Stream stream, int max, string what)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new MalformedPackageException($"{what} is larger than {max / 1024} KiB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>UTF-8 text without a byte-order mark; invalid sequences become U+FFFD rather than errors.</summary>
    public static string Text(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\uFEFF"u8) ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes);
}
