using System.IO.Compression;
using NexusPush.Formats.Python;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Tarballs;

/// <summary>
/// Decides what a gzip tarball is. npm, helm and sdists all put everything under one top folder, holding
/// <c>package/package.json</c>, <c>&lt;chart&gt;/Chart.yaml</c> or <c>&lt;top&gt;/PKG-INFO</c>. Anything else — a
/// second top folder, a file at the root, no such member within the scan limits, a broken gzip — is a plain
/// tarball, uploaded as raw (issue 3: "a .tar.gz without PKG-INFO is raw"). Once a metadata member is found
/// the tarball claims that format, and a problem reading it makes it an invalid package of that format.
/// </summary>
internal static class TarballPackage
{
    public static bool HasGzipMagic(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]);

    public static Detection Probe(Stream file)
    {
        file.Position = 0;
        using var stream = new CappedStream(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), ReadingLimits.DecompressedBytes, "the tarball");
        var tar = new TarScanner(stream, "the tarball");
        string? top = null;
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = tar.Next();
            }
            catch (Exception e) when (e is MalformedPackageException or InvalidDataException or IOException)
            {
                return Detection.Raw; // Not a readable tarball, or too big to be sure: a plain file.
            }

            if (entry is null)
            {
                return Detection.Raw;
            }

            var segments = entry.Segments;
            if (segments.Length == 0)
            {
                continue;
            }

            if ((top ??= segments[0]) != segments[0] || (segments.Length == 1 && entry.Type != '5'))
            {
                return Detection.Raw; // Two top folders, or a file at the root: no package looks like this.
            }

            if (entry.IsFile && segments.Length == 2 && Claim(segments) is { } format)
            {
                return ReadMetadata(tar, entry, format);
            }
        }
    }

    private static ArtifactFormat? Claim(string[] segments) => segments switch
    {
        ["package", "package.json"] => ArtifactFormat.Npm,
        ["package", _] => null, // npm's fixed top folder: only package.json decides.
        [_, "PKG-INFO"] => ArtifactFormat.PyPi,
        [_, "Chart.yaml"] => ArtifactFormat.Helm,
        _ => null,
    };

    private static Detection ReadMetadata(TarScanner tar, TarEntry entry, ArtifactFormat format)
    {
        try
        {
            var bytes = tar.ReadData(entry, ReadingLimits.MetadataBytes);
            return Detection.Valid(format, format switch
            {
                ArtifactFormat.Npm => NpmManifest.Parse(bytes),
                ArtifactFormat.Helm => HelmChart.Parse(bytes),
                _ => CoreMetadata.Parse(bytes, entry.Name),
            });
        }
        catch (Exception e) when (e is MalformedPackageException or InvalidDataException or IOException)
        {
            var reason = e is MalformedPackageException ? e.Message : $"the tarball is corrupt inside {entry.Name} ({e.Message.TrimEnd('.')})";
            return Detection.Invalid(format, reason);
        }
    }
}
