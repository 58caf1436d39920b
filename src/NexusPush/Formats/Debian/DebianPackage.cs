using System.IO.Compression;
using NexusPush.Formats.Reading;
using SharpCompress.Compressors.Xz;
using ZstdSharp;

namespace NexusPush.Formats.Debian;

/// <summary>
/// Reads Package, Version and Architecture from a .deb the way Nexus's apt parser does (nexus-contract.md §2.3 apt,
/// §3 apt): an ar archive whose first member is <c>debian-binary</c>, then <c>control.tar[.gz|.xz|.zst]</c>
/// holding <c>./control</c>. Only the control member is decompressed; data.tar is never touched.
/// </summary>
internal static class DebianPackage
{
    private const string DebianBinary = "debian-binary";

    /// <summary>An ar archive whose first member is debian-binary: it means to be a .deb (a static library .a does not).</summary>
    public static bool LooksLikeDebian(Stream file)
    {
        try
        {
            return ArArchive.ReadMember(file, ArArchive.MagicLength)?.Name == DebianBinary;
        }
        catch (MalformedPackageException)
        {
            return false;
        }
    }

    /// <summary>
    /// Walks every member header (seeking over data, so the cost does not grow with the file) to catch a truncated
    /// .deb before Nexus answers 500 (nexus-contract.md §2.3 apt), and reads the control member.
    /// </summary>
    public static PackageInfo Read(Stream file)
    {
        var offset = (long)ArArchive.MagicLength;
        PackageInfo? package = null;
        var hasData = false;
        for (var index = 0; index < ReadingLimits.ArMembers; index++)
        {
            var member = ArArchive.ReadMember(file, offset);
            if (member is null)
            {
                return index == 0 ? throw new MalformedPackageException("the ar archive is empty")
                    : package is null ? throw new MalformedPackageException("no control.tar member in the .deb")
                    : hasData ? package : throw new MalformedPackageException("no data.tar member in the .deb (truncated?)");
            }

            if (index == 0)
            {
                CheckDebianBinary(file, member);
            }
            else if (member.Name.StartsWith("control.tar", StringComparison.Ordinal) && package is null)
            {
                package = ReadControl(file, member);
            }
            else if (member.Name.StartsWith("data.tar", StringComparison.Ordinal))
            {
                hasData = true;
            }

            offset = member.NextHeaderOffset;
        }

        throw new MalformedPackageException($"the .deb has more than {ReadingLimits.ArMembers} ar members");
    }

    private static void CheckDebianBinary(Stream file, ArMember member)
    {
        if (member.Name != DebianBinary)
        {
            throw new MalformedPackageException($"the first ar member is '{member.Name}', not 'debian-binary'");
        }

        Span<byte> version = stackalloc byte[2];
        file.Position = member.DataOffset;
        if (member.Size < 2 || file.Read(version) < 2 || !version.SequenceEqual("2."u8))
        {
            throw new MalformedPackageException("debian-binary does not announce format 2.x");
        }
    }

    /// <summary>
    /// zstd frames declare their window size; cap it at 32 MiB (zstd's own default limit is 128 MiB, and dpkg-deb's
    /// control members use a few MiB at most) so a forged frame header cannot make the decoder reserve more.
    /// </summary>
    private static DecompressionStream Zstd(Stream window)
    {
        var decompressor = new Decompressor();
        decompressor.SetParameter(ZstdSharp.Unsafe.ZSTD_dParameter.ZSTD_d_windowLogMax, 25);
        return new DecompressionStream(window, decompressor, preserveDecompressor: false);
    }

    private static PackageInfo ReadControl(Stream file, ArMember member)
    {
        try
        {
            return ScanControl(file, member);
        }
#pragma warning disable CA1031 // gzip, SharpCompress and ZstdSharp each throw their own types on corrupt data.
        catch (Exception e) when (e is not MalformedPackageException)
#pragma warning restore CA1031
        {
            throw new MalformedPackageException($"{member.Name} is corrupt ({e.Message.TrimEnd('.')})");
        }
    }

    private static PackageInfo ScanControl(Stream file, ArMember member)
    {
        var window = new WindowStream(file, member.DataOffset, member.Size);
        Stream decompressed = member.Name switch
        {
            "control.tar" => window,
            "control.tar.gz" => new GZipStream(window, CompressionMode.Decompress),
            "control.tar.xz" => new XZStream(window),
            "control.tar.zst" => Zstd(window),
            _ => throw new MalformedPackageException($"unsupported control member '{member.Name}'"),
        };
        using var capped = new CappedStream(decompressed, ReadingLimits.DecompressedBytes, member.Name);
        var tar = new TarScanner(capped, member.Name);
        while (tar.Next() is { } entry)
        {
            if (entry.IsFile && entry.Segments is ["control"])
            {
                var fields = HeaderFields.Parse(BoundedRead.Text(tar.ReadData(entry, ReadingLimits.MetadataBytes)));
                return new PackageInfo(
                    HeaderFields.Require(fields, "Package", "the control file"),
                    HeaderFields.Require(fields, "Version", "the control file"),
                    HeaderFields.Require(fields, "Architecture", "the control file"));
            }
        }

        throw new MalformedPackageException($"no control file in {member.Name}");
    }
}
