using System.Buffers.Binary;

namespace NexusPush.Formats.Reading;

/// <summary>
/// Finds a zip's central directory: the end-of-central-directory record in the last 64 KiB (its comment may be up
/// to 65,535 bytes), and for zip64 archives the locator and zip64 record it points to. Values are returned
/// unchecked; <see cref="ZipDirectory"/> checks them against the file and <see cref="ReadingLimits"/>.
/// </summary>
internal static class ZipEndRecord
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const int EndLength = 22;

    public static (long Count, long Size, long Offset) Find(Stream file)
    {
        var tailLength = (int)Math.Min(file.Length, EndLength + ushort.MaxValue);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        BoundedRead.Exactly(file, tail, "truncated zip");
        for (var at = tailLength - EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
            {
                continue;
            }

            var end = tail.AsSpan(at);
            long count = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
            var endPosition = file.Length - tailLength + at;
            return count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue
                ? FindZip64(file, endPosition)
                : (count, size, offset);
        }

        throw new MalformedPackageException("not a zip archive (no end-of-central-directory record)");
    }

    private static (long Count, long Size, long Offset) FindZip64(Stream file, long endPosition)
    {
        Span<byte> locator = stackalloc byte[20];
        if (endPosition < 20)
        {
            throw new MalformedPackageException("truncated zip64 directory locator");
        }

        file.Position = endPosition - 20;
        BoundedRead.Exactly(file, locator, "truncated zip64 directory locator");
        var recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature || recordOffset < 0 || recordOffset > file.Length - 56)
        {
            throw new MalformedPackageException("broken zip64 directory locator");
        }

        Span<byte> record = stackalloc byte[56];
        file.Position = recordOffset;
        BoundedRead.Exactly(file, record, "truncated zip64 directory record");
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            throw new MalformedPackageException("broken zip64 directory record");
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(record[32..]), BinaryPrimitives.ReadInt64LittleEndian(record[40..]), BinaryPrimitives.ReadInt64LittleEndian(record[48..]));
    }
}
