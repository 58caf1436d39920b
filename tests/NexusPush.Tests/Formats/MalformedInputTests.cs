using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NexusPush.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Formats;

/// <summary>Truncated, wrong-magic and lying-length inputs: an invalid result, never an exception, hang or huge allocation.</summary>
public sealed class MalformedInputTests : IDisposable
{
    private const long AllocationBudget = 16L << 20;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> ClaimedFixtures => new(PackageFixtures.All.Where(f => FormatFacts.ClaimedBy(f) is not null));

    [Theory]
    [MemberData(nameof(ClaimedFixtures))]
    public void Detect_TruncatedAtManyOffsets_IsInvalidOfClaimedFormat(string fixture)
    {
        var bytes = PackageFixtures.Bytes(fixture);
        int[] offsets = [0, 1, 4, 7, 8, 20, 60, 67, 68, 95, 96, 112, 200, 500, bytes.Length / 4, bytes.Length / 2, bytes.Length - 200, bytes.Length - 22, bytes.Length - 2];
        foreach (var length in offsets.Where(o => o >= 0 && o < bytes.Length - 1).Distinct())
        {
            var detection = DetectBytes(fixture, bytes[..length]);

            Assert.True(detection.IsInvalid, $"{fixture} cut at {length} bytes was accepted");
            Assert.Equal(FormatFacts.ClaimedBy(fixture), detection.Format);
        }
    }

    [Theory]
    [MemberData(nameof(ClaimedFixtures))]
    public void Detect_WrongMagic_IsInvalid(string fixture)
    {
        var bytes = PackageFixtures.Bytes(fixture);
        bytes[0] ^= 0xFF;

        Assert.True(DetectBytes(fixture, bytes).IsInvalid);
    }

    [Fact]
    public void Detect_DebMemberSizeAbsurd_IsInvalidTruncated()
    {
        var bytes = PackageFixtures.Bytes("hello-gzip.deb");
        Encoding.ASCII.GetBytes("9999999999").CopyTo(bytes, 8 + 60 + 4 + 48); // the control member's size field

        Assert.StartsWith("truncated .deb: member 'control.tar.gz' claims 9999999999 bytes", DetectBytes("x.deb", bytes).InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_DebSizeFieldNotANumber_IsInvalid()
    {
        var bytes = PackageFixtures.Bytes("hello-xz.deb");
        Encoding.ASCII.GetBytes("-1        ").CopyTo(bytes, 8 + 48);

        Assert.Equal("ar member 'debian-binary' has a size field that is not a number", DetectBytes("x.deb", bytes).InvalidReason);
    }

    [Theory]
    [InlineData(8, 0x7FFFFFFFu, "claims 2147483647 entries")] // index count
    [InlineData(12, 0xFFFFFFFFu, "4294967295 data bytes")] // data size
    public void Detect_RpmHeaderLengthsAbsurd_IsInvalidWithoutAllocating(int field, uint value, string reason)
    {
        var bytes = PackageFixtures.Bytes("hello-2.0-1.noarch.rpm");
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(96 + field), value); // signature header at 96

        var (detection, allocated) = Measure(() => DetectBytes("x.rpm", bytes));

        Assert.Contains(reason, detection.InvalidReason, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public void Detect_RpmPayloadCut_IsTruncated()
    {
        var bytes = PackageFixtures.Bytes("tool-3.1.4-7.el9.x86_64.rpm");

        Assert.StartsWith("truncated RPM file", DetectBytes("x.rpm", bytes[..^10]).InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ZipDirectoryLengthsAbsurd_IsInvalid()
    {
        var bytes = PackageFixtures.Bytes("hello_world-2.0-py3-none-any.whl");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 12), 0x7FFFFFF0); // central directory size

        Assert.Contains("more than nexus-push reads", DetectBytes("x.whl", bytes).InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ZipDirectoryOffsetPastEnd_IsInvalid()
    {
        var bytes = PackageFixtures.Bytes("Acme.Tool.1.2.3.nupkg");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16), 0xFFFFFFF0); // central directory offset

        Assert.True(DetectBytes("x.nupkg", bytes).IsInvalid);
    }

    [Fact]
    public void Detect_WheelMetadataZipBomb_StopsAtCap()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("bomb-1.0.dist-info/METADATA", CompressionLevel.Fastest).Open();
            stream.Write(new byte[16 << 20]); // 16 MiB inflated from a few KiB; the cap is 1 MiB
        }

        var (detection, allocated) = Measure(() => DetectBytes("bomb-1.0-py3-none-any.whl", buffer.ToArray()));

        Assert.Equal("bomb-1.0.dist-info/METADATA is larger than 1024 KiB", detection.InvalidReason);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Theory]
    [InlineData(8, "pypi")] // control: below the cap the sdist is found, so the same construction is readable
    [InlineData(80, "raw")] // PKG-INFO lies past the 64 MiB scan limit: nothing is claimed
    public void Detect_TarballWithHugeLeadingMember_StopsAtDecompressionCap(int mebibytes, string expected)
    {
        // gzip members may be concatenated: one compressed MiB of zeros repeated makes a big member cheaply.
        var zeros = TarBuilder.Gzip(new byte[1 << 20]);
        byte[] gzip = [
            .. TarBuilder.Gzip(TarHeader("a-1.0/big.bin", '0', (long)mebibytes << 20)),
            .. Enumerable.Repeat(zeros, mebibytes).SelectMany(z => z),
            .. TarBuilder.Gzip(TarBuilder.Tar(("a-1.0/PKG-INFO", "Name: a\nVersion: 1.0\n"u8.ToArray())))];

        var (detection, allocated) = Measure(() => DetectBytes("a-1.0.tar.gz", gzip));

        Assert.Equal(expected, detection.Format.NexusId());
        Assert.Null(detection.InvalidReason);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Theory]
    [InlineData('x')] // PAX extended header
    [InlineData('L')] // GNU long name
    public void Detect_TarExtendedHeaderClaimingOneGiB_IsRawWithoutAllocating(char type)
    {
        var header = TarHeader("a-1.0/././@LongLink", type, 1L << 30);
        var (detection, allocated) = Measure(() => DetectBytes("a-1.0.tar.gz", TarBuilder.Gzip([.. header, .. new byte[4096]])));

        Assert.Equal(Detection.Raw, detection);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public void Detect_TarMetadataSizeAbsurd_IsInvalidWithoutAllocating()
    {
        var header = TarHeader("a-1.0/PKG-INFO", '0', 0x7FFF_FFFF_FFFFL);

        var (detection, allocated) = Measure(() => DetectBytes("a-1.0.tar.gz", TarBuilder.Gzip([.. header, .. "Name: a\n"u8.ToArray()])));

        Assert.Equal(Detection.Invalid(ArtifactFormat.PyPi, "a-1.0/PKG-INFO in the tarball is larger than 1024 KiB"), detection);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public void Detect_TarMemberSizeAbsurd_IsACorruptTar()
    {
        var header = TarHeader("a-1.0/data.bin", '0', 0x7FFF_FFFF_FFFFL);

        var detection = DetectBytes("a-1.0.tar.gz", TarBuilder.Gzip([.. header, .. new byte[1024]]));

        Assert.Equal(Detection.Invalid(ArtifactFormat.Raw, "corrupt tar (the tarball ends inside a member)", "gzip tarball (.tar.gz)"), detection);
    }

    [Fact]
    public void Detect_MultiGigabyteFiles_ReadOnlyHeaders()
    {
        var deb = PackageFixtures.Bytes("hello-zstd.deb");
        var rpm = PackageFixtures.Bytes("hello-2.0-1.noarch.rpm");
        var debPath = _dir.Write("big.deb", deb);
        var rpmPath = _dir.Write("big.rpm", rpm);
        GrowLastArMember(debPath, 4L << 30); // sparse: 4 GiB data.tar member
        using (var file = File.OpenWrite(rpmPath))
        {
            file.SetLength(4L << 30); // trailing sparse payload
        }

        var (debDetection, debRead) = DetectCountingReads(debPath);
        var (rpmDetection, rpmRead) = DetectCountingReads(rpmPath);

        Assert.Equal(ArtifactFormat.Apt, debDetection.Format);
        Assert.Null(debDetection.InvalidReason);
        Assert.Equal("hello", rpmDetection.Package?.Name);

        // Only the headers are read: at most the small package each file began as, never the 4 GiB appended to it.
        Assert.InRange(debRead, 1, deb.Length);
        Assert.InRange(rpmRead, 1, rpm.Length);
    }

    private static (Detection Detection, long BytesRead) DetectCountingReads(string path)
    {
        using var file = new ReadCountingStream(File.OpenRead(path));
        var detection = FormatDetector.DetectOpen(file, Path.GetFileName(path));
        return (detection, file.BytesRead);
    }

    internal static (Detection Detection, long Allocated) Measure(Func<Detection> detect)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var detection = detect();
        return (detection, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private Detection DetectBytes(string name, byte[] bytes) => FormatDetector.Detect(_dir.Write(Guid.NewGuid().ToString("N") + "-" + name, bytes));

    /// <summary>A raw 512-byte tar header with a valid checksum and any size (octal when it fits, else base-256).</summary>
    private static byte[] TarHeader(string name, char type, long size)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        if (size < 1L << 33)
        {
            Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        }
        else
        {
            header[124] = 0x80;
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(128), size);
        }

        header[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("        ").CopyTo(header, 148);
        var sum = header.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    /// <summary>Rewrites the last ar member's size and extends the file (sparse) to match.</summary>
    private static void GrowLastArMember(string path, long size)
    {
        var bytes = File.ReadAllBytes(path);
        long offset = 8, last = 8;
        while (offset < bytes.Length - 1)
        {
            last = offset;
            var memberSize = long.Parse(Encoding.ASCII.GetString(bytes, (int)offset + 48, 10).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            offset += 60 + memberSize + (memberSize & 1);
        }

        using var file = File.OpenWrite(path);
        file.Position = last + 48;
        file.Write(Encoding.ASCII.GetBytes(size.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(10)));
        file.SetLength(last + 60 + size);
    }
}
