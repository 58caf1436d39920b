using System.Buffers.Binary;
using System.Text;

namespace NexusPush.Formats.Reading;

/// <summary>
/// Walks tar headers forward-only over any stream (usually a capped decompressor) and reads small members.
/// Written instead of using System.Formats.Tar's <c>TarReader</c> because that one buffers a GNU long name or PAX
/// header of whatever size the header claims (up to 2 GiB) before noticing the stream is short; here every such
/// length is checked against <see cref="ReadingLimits"/> first. Malformed input throws <see cref="MalformedPackageException"/>.
/// </summary>
internal sealed class TarScanner(Stream stream, string archive)
{
    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private long _unreadData;
    private int _entries;

    /// <summary>The next member, or null at the end of the archive (zero block or end of stream).</summary>
    public TarEntry? Next()
    {
        string? longName = null;
        while (true)
        {
            Skip(_unreadData);
            _unreadData = 0;
            var read = stream.ReadAtLeast(_header, Block, throwOnEndOfStream: false);
            if (read == 0 || (read == Block && _header.AsSpan().IndexOfAnyExcept((byte)0) < 0))
            {
                return null;
            }

            if (read < Block)
            {
                throw new MalformedPackageException($"{archive} ends inside a tar header");
            }

            if (++_entries > ReadingLimits.TarEntries)
            {
                throw new ReadingLimitException($"{archive} has more than {ReadingLimits.TarEntries} entries");
            }

            var entry = ParseHeader();
            _unreadData = Padded(entry.Size);
            switch (entry.Type)
            {
                case 'L': // GNU long name: the data is the next member's path.
                    longName = Encoding.UTF8.GetString(ReadData(entry, ReadingLimits.TarExtendedHeaderBytes)).TrimEnd('\0');
                    continue;
                case 'x': // PAX extended header: "len key=value\n" records; only "path" matters here.
                    longName = PaxPath(ReadData(entry, ReadingLimits.TarExtendedHeaderBytes)) ?? longName;
                    continue;
                case 'g' or 'K': // PAX global header, GNU long link name: nothing we need.
                    continue;
                default:
                    return longName is null ? entry : entry with { Name = longName };
            }
        }
    }

    /// <summary>The current member's bytes, when it is at most <paramref name="max"/> bytes long.</summary>
    public byte[] ReadData(TarEntry entry, int max)
    {
        if (entry.Size > max)
        {
            throw new ReadingLimitException($"{entry.Name} in {archive} is larger than {max / 1024} KiB");
        }

        var data = new byte[entry.Size];
        BoundedRead.Exactly(stream, data, $"{archive} ends inside {entry.Name}");
        _unreadData = Padded(entry.Size) - entry.Size;
        return data;
    }

    private TarEntry ParseHeader()
    {
        var header = _header.AsSpan();
        if (!ChecksumMatches(header))
        {
            throw new MalformedPackageException($"{archive} is not a tar archive (header checksum mismatch)");
        }

        var name = CString(header[..100]);
        if (header.Slice(257, 6).SequenceEqual("ustar\0"u8) && CString(header.Slice(345, 155)) is { Length: > 0 } prefix)
        {
            name = prefix + "/" + name; // POSIX ustar splits long paths into prefix + name.
        }

        return new TarEntry(name, (char)header[156], Size(header.Slice(124, 12)));
    }

    private long Size(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // GNU base-256 for sizes of 8 GiB and more: big-endian in the last 8 bytes; the rest must be zero.
            if (field[0] != 0x80 || field[1..4].IndexOfAnyExcept((byte)0) >= 0 || (field[4] & 0x80) != 0)
            {
                throw new MalformedPackageException($"{archive} has a tar size field out of range");
            }

            return BinaryPrimitives.ReadInt64BigEndian(field[4..]);
        }

        return Octal(field) ?? throw new MalformedPackageException($"{archive} has a tar size field that is not a number");
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        long sum = 0;
        for (var i = 0; i < Block; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        }

        return Octal(header.Slice(148, 8)) == sum;
    }

    /// <summary>An octal field: optional leading spaces, digits, then NUL or space; null when not that.</summary>
    private static long? Octal(ReadOnlySpan<byte> field)
    {
        var text = Encoding.ASCII.GetString(field).Trim(' ', '\0');
        if (text.Length is 0 or > 21 || text.Any(c => c is < '0' or > '7'))
        {
            return text.Length == 0 ? 0 : null;
        }

        return Convert.ToInt64(text, 8);
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static string? PaxPath(byte[] records)
    {
        foreach (var record in Encoding.UTF8.GetString(records).Split('\n'))
        {
            var space = record.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && record[(space + 1)..].StartsWith("path=", StringComparison.Ordinal))
            {
                return record[(space + 6)..];
            }
        }

        return null;
    }

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    /// <summary>Reads past member data; the capped stream below bounds how far a bogus size can take us.</summary>
    private void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var read = stream.Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (read == 0)
            {
                throw new MalformedPackageException($"{archive} ends inside a member");
            }

            count -= read;
        }
    }
}
