using System.Buffers.Binary;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Rpm;

/// <summary>
/// Reads NAME, VERSION, RELEASE and ARCH from an RPM: the 96-byte lead (magic ED AB EE DB), the signature header
/// (padded to 8 bytes), then the main header. Only the two headers' index entries and four strings are read;
/// every count, size and offset is checked against the file length and <see cref="ReadingLimits"/> first.
/// </summary>
internal static class RpmPackage
{
    private const int LeadLength = 96;
    private const int SigTagSize = 1000, TagName = 1000, TagVersion = 1001, TagRelease = 1002, TagArch = 1022;

    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0xED, 0xAB, 0xEE, 0xDB]);

    public static PackageInfo Read(Stream file)
    {
        Span<byte> lead = stackalloc byte[LeadLength];
        file.Position = 0;
        BoundedRead.Exactly(file, lead, "truncated RPM lead");
        if (!HasMagic(lead))
        {
            throw new MalformedPackageException("not an RPM file (no lead magic ED AB EE DB)");
        }

        if (lead[4] < 3)
        {
            throw new MalformedPackageException($"RPM format version {lead[4]} is too old to read");
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(lead[78..]) != 5)
        {
            throw new MalformedPackageException("the RPM lead does not announce a header-style signature");
        }

        var signature = RpmHeader.Read(file, LeadLength, "signature");
        var mainOffset = (signature.End + 7) / 8 * 8;
        var main = RpmHeader.Read(file, mainOffset, "main");
        if (signature.Integer(file, SigTagSize) is { } size && size > file.Length - mainOffset)
        {
            // The signature's SIZE tag covers main header + payload: a shorter file was cut off in transfer.
            throw new MalformedPackageException($"truncated RPM file (the header says {mainOffset + size} bytes, the file has {file.Length})");
        }

        return new PackageInfo(
            main.String(file, TagName, "NAME"),
            main.String(file, TagVersion, "VERSION"),
            main.String(file, TagArch, "ARCH"),
            main.String(file, TagRelease, "RELEASE"));
    }
}
