using System.Buffers.Binary;
using System.Text;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Rpm;

/// <summary>
/// One RPM header structure: magic 8E AD E8 01, 4 reserved bytes, index count and data size (big-endian), then
/// 16-byte index entries (tag, type, offset, count) and the data store they point into.
/// </summary>
internal sealed class RpmHeader
{
    private const int IntroLength = 16;
    private const int EntryLength = 16;
    private const int TypeInt32 = 4, TypeString = 6, TypeStringArray = 8, TypeI18nString = 9;

    private readonly Dictionary<int, (int Type, long Offset)> _entries;
    private readonly long _dataStart;
    private readonly long _dataSize;
    private readonly string _which;

    private RpmHeader(Dictionary<int, (int Type, long Offset)> entries, long dataStart, long dataSize, string which)
    {
        _entries = entries;
        _dataStart = dataStart;
        _dataSize = dataSize;
        _which = which;
    }

    /// <summary>File offset just past this header's data store.</summary>
    public long End => _dataStart + _dataSize;

    public static RpmHeader Read(Stream file, long offset, string which)
    {
        Span<byte> intro = stackalloc byte[IntroLength];
        if (offset > file.Length - IntroLength)
        {
            throw new MalformedPackageException($"truncated RPM file: no {which} header");
        }

        file.Position = offset;
        BoundedRead.Exactly(file, intro, $"truncated RPM {which} header");
        if (!intro.StartsWith((ReadOnlySpan<byte>)[0x8E, 0xAD, 0xE8, 0x01]))
        {
            throw new MalformedPackageException($"broken RPM {which} header (bad magic)");
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(intro[8..]);
        var dataSize = BinaryPrimitives.ReadUInt32BigEndian(intro[12..]);
        if (count > ReadingLimits.RpmIndexEntries || dataSize > ReadingLimits.RpmHeaderDataBytes)
        {
            throw new MalformedPackageException($"RPM {which} header claims {count} entries and {dataSize} data bytes, more than any real package");
        }

        var dataStart = offset + IntroLength + (count * EntryLength);
        if (dataStart + dataSize > file.Length)
        {
            throw new MalformedPackageException($"truncated RPM {which} header (it needs {dataStart + dataSize} bytes, the file has {file.Length})");
        }

        var index = new byte[count * EntryLength];
        BoundedRead.Exactly(file, index, $"truncated RPM {which} header");
        var entries = new Dictionary<int, (int, long)>();
        for (var at = 0; at < index.Length; at += EntryLength)
        {
            var entry = index.AsSpan(at, EntryLength);
            entries.TryAdd(BinaryPrimitives.ReadInt32BigEndian(entry), (BinaryPrimitives.ReadInt32BigEndian(entry[4..]), BinaryPrimitives.ReadUInt32BigEndian(entry[8..])));
        }

        return new RpmHeader(entries, dataStart, dataSize, which);
    }

    /// <summary>An INT32 tag's first value, or null when the tag is absent or not a readable INT32.</summary>
    public long? Integer(Stream file, int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry) || entry.Type != TypeInt32 || entry.Offset > _dataSize - 4)
        {
            return null;
        }

        Span<byte> value = stackalloc byte[4];
        file.Position = _dataStart + entry.Offset;
        BoundedRead.Exactly(file, value, $"truncated RPM {_which} header");
        return BinaryPrimitives.ReadUInt32BigEndian(value);
    }

    /// <summary>A string tag's value (first element of an array or i18n string), NUL-terminated within the data store.</summary>
    public string String(Stream file, int tag, string tagName)
    {
        if (!_entries.TryGetValue(tag, out var entry))
        {
            throw new MalformedPackageException($"the RPM {_which} header has no {tagName} tag");
        }

        if (entry.Type is not (TypeString or TypeStringArray or TypeI18nString) || entry.Offset >= _dataSize)
        {
            throw new MalformedPackageException($"the RPM {tagName} tag is not a string inside the header");
        }

        var buffer = new byte[(int)Math.Min(ReadingLimits.RpmStringBytes, _dataSize - entry.Offset)];
        file.Position = _dataStart + entry.Offset;
        BoundedRead.Exactly(file, buffer, $"truncated RPM {_which} header");
        var end = Array.IndexOf(buffer, (byte)0);
        if (end <= 0)
        {
            throw new MalformedPackageException($"the RPM {tagName} tag is empty or unterminated");
        }

        return Encoding.UTF8.GetString(buffer, 0, end);
    }
}
