using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NexusPush.Formats.Reading;

/// <summary>
/// Reads a zip's central directory from the end of the file (so a multi-GB wheel costs a few reads) and inflates
/// single small members. Written instead of <see cref="ZipArchive"/> so that every count, size and offset is
/// checked against the file length and <see cref="ReadingLimits"/> before anything is allocated.
/// </summary>
internal sealed class ZipDirectory
{
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;

    private readonly Stream _file;

    private ZipDirectory(Stream file, IReadOnlyList<ZipEntryRecord> entries)
    {
        _file = file;
        Entries = entries;
    }

    public IReadOnlyList<ZipEntryRecord> Entries { get; }

    /// <summary>Parses the central directory of a seekable <paramref name="file"/>.</summary>
    public static ZipDirectory Read(Stream file)
    {
        var (count, size, offset) = ZipEndRecord.Find(file);
        if (count < 0 || count > ReadingLimits.ZipEntries || size > ReadingLimits.ZipCentralDirectoryBytes)
        {
            throw new MalformedPackageException($"the zip directory claims {count} entries in {size} bytes, more than nexus-push reads");
        }

        if (offset < 0 || size < 0 || offset > file.Length - size)
        {
            throw new MalformedPackageException("the zip directory lies outside the file (truncated zip)");
        }

        var directory = new byte[size];
        file.Position = offset;
        BoundedRead.Exactly(file, directory, "truncated zip directory");
        return new ZipDirectory(file, ParseEntries(directory, count, file.Length));
    }

    /// <summary>The member's uncompressed bytes, when at most <paramref name="max"/>.</summary>
    public byte[] ReadEntry(ZipEntryRecord entry, int max)
    {
        if ((entry.Flags & 1) != 0)
        {
            throw new MalformedPackageException($"{entry.Name} is encrypted");
        }

        Span<byte> local = stackalloc byte[30];
        _file.Position = entry.LocalHeaderOffset;
        BoundedRead.Exactly(_file, local, $"truncated zip member {entry.Name}");
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalSignature)
        {
            throw new MalformedPackageException($"zip member {entry.Name} has no local header where the directory points");
        }

        var dataStart = entry.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
        if (entry.CompressedSize > _file.Length - dataStart)
        {
            throw new MalformedPackageException($"zip member {entry.Name} runs past the end of the file (truncated zip)");
        }

        var window = new WindowStream(_file, dataStart, entry.CompressedSize);
        using Stream data = entry.Method switch
        {
            0 => window,
            8 => new DeflateStream(window, CompressionMode.Decompress),
            _ => throw new MalformedPackageException($"{entry.Name} uses zip compression method {entry.Method}, which nexus-push does not read"),
        };
        try
        {
            return BoundedRead.All(data, max, entry.Name);
        }
        catch (InvalidDataException e)
        {
            throw new MalformedPackageException($"{entry.Name} is corrupt ({e.Message.TrimEnd('.')})");
        }
    }

    private static List<ZipEntryRecord> ParseEntries(byte[] directory, long count, long fileLength)
    {
        var entries = new List<ZipEntryRecord>((int)Math.Min(count, 1024));
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var span = directory.AsSpan(at);
            if (span.Length < 46 || BinaryPrimitives.ReadUInt32LittleEndian(span) != CentralSignature)
            {
                throw new MalformedPackageException("broken zip directory record");
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]), extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[32..]);
            if (46 + nameLength + extraLength + commentLength > span.Length)
            {
                throw new MalformedPackageException("broken zip directory record");
            }

            var name = Encoding.UTF8.GetString(span.Slice(46, nameLength));
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(span[20..]);
            long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(span[42..]);
            (compressed, localOffset) = Zip64Extra(span.Slice(46 + nameLength, extraLength), compressed, BinaryPrimitives.ReadUInt32LittleEndian(span[24..]), localOffset);
            if (compressed < 0 || localOffset < 0 || localOffset >= fileLength)
            {
                throw new MalformedPackageException($"zip member {name} points outside the file");
            }

            entries.Add(new ZipEntryRecord(name, BinaryPrimitives.ReadUInt16LittleEndian(span[10..]), BinaryPrimitives.ReadUInt16LittleEndian(span[8..]), compressed, localOffset));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return entries;
    }

    /// <summary>Zip64 extra field (id 1): 8-byte values, in order, for each 32-bit field that holds 0xFFFFFFFF.</summary>
    private static (long Compressed, long Offset) Zip64Extra(ReadOnlySpan<byte> extra, long compressed, uint uncompressed, long offset)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra), length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var body = extra.Slice(4, Math.Min(length, extra.Length - 4));
            if (id == 1)
            {
                var at = uncompressed == uint.MaxValue ? 8 : 0;
                if (compressed == uint.MaxValue && body.Length >= at + 8)
                {
                    compressed = BinaryPrimitives.ReadInt64LittleEndian(body[at..]);
                    at += 8;
                }

                if (offset == uint.MaxValue && body.Length >= at + 8)
                {
                    offset = BinaryPrimitives.ReadInt64LittleEndian(body[at..]);
                }

                break;
            }

            extra = extra[Math.Min(extra.Length, 4 + length)..];
        }

        return (compressed, offset);
    }
}
