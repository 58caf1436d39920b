using NexusPush.Formats.Debian;
using NexusPush.Formats.NuGet;
using NexusPush.Formats.Python;
using NexusPush.Formats.Reading;
using NexusPush.Formats.Rpm;
using NexusPush.Formats.Tarballs;

namespace NexusPush.Formats;

/// <summary>
/// Decides what a file is from its content; the extension is a hint (routing by extension alone sends renamed or
/// fake packages to the wrong repository). The first bytes choose the reader (ar, RPM lead, zip, gzip). A file whose extension claims a package format its content does not
/// match is <see cref="Detection.Invalid(ArtifactFormat, string)"/> with a reason, and so is a .tgz/.tar.gz that is no whole gzip tarball;
/// everything else that is no package is raw. Bounded
/// (<see cref="ReadingLimits"/>) and total: no exception leaves <see cref="Detect"/>.
/// </summary>
internal static class FormatDetector
{
    private const int SniffLength = 8;

    public static Detection Detect(string path)
    {
        var claimed = FormatFacts.ClaimedBy(Path.GetFileName(path));
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096);
            return Sniff(file, Path.GetFileName(path), claimed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return claimed is { } format ? Detection.Invalid(format, $"cannot be read ({e.Message})") : Detection.Raw;
        }
    }

    /// <summary>The same decision over an open, seekable stream (tests wrap the file to count the bytes read).</summary>
    internal static Detection DetectOpen(Stream file, string fileName) => Sniff(file, fileName, FormatFacts.ClaimedBy(fileName));

    private static Detection Sniff(Stream file, string fileName, ArtifactFormat? claimed)
    {
        Span<byte> head = stackalloc byte[SniffLength];
        head = head[..file.ReadAtLeast(head, SniffLength, throwOnEndOfStream: false)];
        file.Position = 0;

        if (ArArchive.HasMagic(head) && (claimed == ArtifactFormat.Apt || DebianPackage.LooksLikeDebian(file)))
        {
            return Read(ArtifactFormat.Apt, file, DebianPackage.Read);
        }

        if (RpmPackage.HasMagic(head))
        {
            return Read(ArtifactFormat.Yum, file, RpmPackage.Read);
        }

        if (ZipMagic(head) && claimed is ArtifactFormat.PyPi or ArtifactFormat.NuGet)
        {
            return claimed == ArtifactFormat.PyPi ? Read(ArtifactFormat.PyPi, file, Wheel.Read) : Read(ArtifactFormat.NuGet, file, NuGetPackage.Read);
        }

        if (ZipMagic(head) && ExtensionClaim.IsZip(fileName))
        {
            return Guard(() => SdistZip.Probe(file), ArtifactFormat.PyPi, quietlyRaw: true);
        }

        if (ExtensionClaim.TarballExtension(fileName) is { } extension)
        {
            var tarball = ExtensionClaim.TarballClaim(extension);
            return TarballPackage.HasGzipMagic(head)
                ? Guard(() => TarballPackage.Probe(file, tarball), ArtifactFormat.Raw, quietlyRaw: false, tarball)
                : Detection.Invalid(ArtifactFormat.Raw, ExtensionClaim.NotGzip(extension, head.Length), tarball);
        }

        return claimed is { } format ? Detection.Invalid(format, ExtensionClaim.ContentMismatch(format, head.Length)) : Detection.Raw;
    }

    private static bool ZipMagic(ReadOnlySpan<byte> head) => head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8);

    private static Detection Read(ArtifactFormat format, Stream file, Func<Stream, PackageInfo> reader) =>
        Guard(() => Detection.Valid(format, reader(file)), format, quietlyRaw: false);

    /// <summary>
    /// The one place reader failures become results. Besides our own <see cref="MalformedPackageException"/>, the
    /// decompressors (GZip, SharpCompress xz, ZstdSharp) throw a variety of types on corrupt input; malformed input
    /// must never crash a run, so every exception is caught here and named in the reason.
    /// </summary>
    /// <param name="read">The reader.</param>
    /// <param name="format">The format its failures are invalid packages of.</param>
    /// <param name="quietlyRaw">A failure makes the file raw instead (a .zip that may be an sdist).</param>
    /// <param name="claim">What the failure is "not a valid …" of, when that is no package format (<see cref="Detection.Claimed"/>).</param>
    private static Detection Guard(Func<Detection> read, ArtifactFormat format, bool quietlyRaw, string? claim = null)
    {
        try
        {
            return read();
        }
        catch (MalformedPackageException e)
        {
            return quietlyRaw ? Detection.Raw : Invalid(format, e.Message, claim);
        }
#pragma warning disable CA1031 // Catching everything is the contract here: see the summary.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return quietlyRaw ? Detection.Raw : Invalid(format, $"corrupt {claim ?? format.NexusId() + " package"} ({e.GetType().Name}: {e.Message})", claim);
        }
    }

    private static Detection Invalid(ArtifactFormat format, string reason, string? claim) =>
        claim is null ? Detection.Invalid(format, reason) : Detection.Invalid(format, reason, claim);
}
