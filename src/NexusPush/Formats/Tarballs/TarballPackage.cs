using System.IO.Compression;
using NexusPush.Formats.Python;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Tarballs;

/// <summary>
/// Decides what a gzip tarball is. npm, helm and sdists all put everything under one top folder, holding
/// <c>package/package.json</c>, <c>&lt;chart&gt;/Chart.yaml</c> or <c>&lt;top&gt;/PKG-INFO</c>. Anything else — a
/// second top folder, a file at the root, no such member within the scan limits, a broken gzip — is a plain
/// tarball, uploaded as raw (a .tar.gz without PKG-INFO is no sdist). Once a metadata member is found
/// the tarball claims that format, and a problem reading it makes it an invalid package of that format.
/// Nexus reads an npm package.json one folder deep under any folder name, not only <c>package/</c> (every @types/*
/// tarball holds <c>&lt;name&gt;/package.json</c>); outside <c>package/</c> such a file is only a candidate: it must
/// name a name and version, and a PKG-INFO or Chart.yaml anywhere in the same top folder wins over it (sdists of
/// JupyterLab extensions carry a package.json, and write PKG-INFO last).
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
        PackageInfo? npmCandidate = null;
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = tar.Next();
            }
            catch (Exception e) when (e is MalformedPackageException or InvalidDataException or IOException)
            {
                // Not a readable tarball, or too big to be sure: a plain file — unless a package.json was already
                // read, which is as far as Nexus reads too.
                return Candidate(npmCandidate);
            }

            if (entry is null)
            {
                return Candidate(npmCandidate);
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

            if (!entry.IsFile || segments.Length != 2)
            {
                continue;
            }

            if (Claim(segments) is { } format)
            {
                return ReadMetadata(tar, entry, format);
            }

            if (npmCandidate is null && segments[1] == "package.json")
            {
                npmCandidate = ReadNpmCandidate(tar, entry);
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

    private static Detection Candidate(PackageInfo? npm) => npm is null ? Detection.Raw : Detection.Valid(ArtifactFormat.Npm, npm);

    /// <summary>A <c>&lt;top&gt;/package.json</c> outside <c>package/</c>: an npm manifest only when it parses and names a name and version.</summary>
    private static PackageInfo? ReadNpmCandidate(TarScanner tar, TarEntry entry)
    {
        try
        {
            return NpmManifest.Parse(tar.ReadData(entry, ReadingLimits.MetadataBytes), entry.Name);
        }
        catch (MalformedPackageException)
        {
            return null; // Some project's package.json (or too big to be a manifest): the tarball is not an npm package.
        }
    }

    private static Detection ReadMetadata(TarScanner tar, TarEntry entry, ArtifactFormat format)
    {
        try
        {
            var bytes = tar.ReadData(entry, ReadingLimits.MetadataBytes);
            return Detection.Valid(format, format switch
            {
                ArtifactFormat.Npm => NpmManifest.Parse(bytes, entry.Name),
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
