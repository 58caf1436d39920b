using System.Text;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Debian;

/// <summary>
/// The <c>ar</c> container of a .deb: "!&lt;arch&gt;\n", then 60-byte member headers (name 16, …, decimal size
/// 10 at 48, "`\n" at 58), each followed by its data. Only headers are read; data is skipped by seeking.
/// </summary>
internal static class ArArchive
{
    public const int MagicLength = 8;
    private const int HeaderLength = 60;

    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith("!<arch>\n"u8);

    /// <summary>The member whose header starts at <paramref name="offset"/>, or null at the end of the file.</summary>
    public static ArMember? ReadMember(Stream file, long offset)
    {
        if (offset >= file.Length - 1)
        {
            return null; // The end, or only the '\n' padding after an odd-sized last member.
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        file.Position = offset;
        BoundedRead.Exactly(file, header, "truncated .deb: the file ends inside an ar member header");
        if (!header[58..].SequenceEqual("`\n"u8))
        {
            throw new MalformedPackageException("broken ar member header (no end marker)");
        }

        var name = Encoding.ASCII.GetString(header[..16]).TrimEnd(' ').TrimEnd('/');
        var sizeText = Encoding.ASCII.GetString(header.Slice(48, 10)).TrimEnd(' ');
        if (sizeText.Length == 0 || sizeText.Any(c => !char.IsAsciiDigit(c)))
        {
            throw new MalformedPackageException($"ar member '{name}' has a size field that is not a number");
        }

        var size = long.Parse(sizeText, System.Globalization.CultureInfo.InvariantCulture);
        var dataOffset = offset + HeaderLength;
        if (size > file.Length - dataOffset)
        {
            throw new MalformedPackageException($"truncated .deb: member '{name}' claims {size} bytes but only {file.Length - dataOffset} remain");
        }

        return new ArMember(name, dataOffset, size);
    }
}
