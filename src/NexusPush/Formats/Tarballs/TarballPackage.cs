using NexusPush.Formats.Python;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Tarballs;

/// <summary>
/// Decides what a gzip tarball is. npm, helm and sdists all put everything under one top folder, holding
/// <c>package/package.json</c>, <c>&lt;chart&gt;/Chart.yaml</c> or <c>&lt;top&gt;/PKG-INFO</c>. Anything else — a
/// second top folder, a file at the root, no such member within the scan limits — is a plain tarball, uploaded as
/// raw (a .tar.gz without PKG-INFO is no sdist). Once a metadata member is found the tarball claims that format, and
/// a problem reading it makes it an invalid package of that format.
/// Nexus reads an npm package.json one folder deep under any folder name, not only <c>package/</c> (every @types/*
/// tarball holds <c>&lt;name&gt;/package.json</c>); outside <c>package/</c> such a file is only a candidate: it must
/// name a name and version, and a PKG-INFO or Chart.yaml anywhere in the same top folder wins over it (sdists of
/// JupyterLab extensions carry a package.json, and write PKG-INFO last).
/// The name promised a gzip tarball, so a broken one is never a plain file: the gzip stream is checked to its end
/// (CRC-32, length, not cut short; up to <see cref="ReadingLimits.GzipCheckedBytes"/>), and a gzip or tar stream
/// that breaks is invalid as what the name claims, "gzip tarball (.tgz)" — also when a package's metadata read fine
/// before the break (where a break shows depends on how far the decompressor read ahead).
/// Only a limit reached ("too big to be sure") leaves the tarball what the scan saw.
/// </summary>
internal static class TarballPackage
{
    public static bool HasGzipMagic(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]);

    /// <param name="file">The seekable file.</param>
    /// <param name="claim">What the file name claims, for a tarball broken before any package metadata was found.</param>
    public static Detection Probe(Stream file, string claim)
    {
        file.Position = 0;
        using var whole = new WholeGzipStream(file);
        using var capped = new CappedStream(whole, ReadingLimits.DecompressedBytes, "the tarball");
        var scan = new Scan(new TarScanner(capped, "the tarball"));
        Detection seen;
        try
        {
            seen = scan.Run();
        }
        catch (CorruptGzipException e)
        {
            return Broken($"corrupt gzip ({e.Message})", claim);
        }
        catch (ReadingLimitException)
        {
            seen = scan.Candidate(); // Too big to be sure: as far as the scan got, as Nexus reads no further either.
        }
        catch (MalformedPackageException e)
        {
            // A tar stream that breaks inside a gzip that also breaks: the gzip is the cause to name.
            return Checked(whole, claim, Broken($"corrupt tar ({e.Message})", claim));
        }

        return Checked(whole, claim, seen);
    }

    /// <summary><paramref name="seen"/>, unless the rest of the gzip stream proves broken.</summary>
    private static Detection Checked(WholeGzipStream whole, string claim, Detection seen)
    {
        try
        {
            whole.CheckToEnd(ReadingLimits.GzipCheckedBytes);
            return seen;
        }
        catch (CorruptGzipException e)
        {
            return Broken($"corrupt gzip ({e.Message})", claim);
        }
    }

    private static Detection Broken(string reason, string claim) => Detection.Invalid(ArtifactFormat.Raw, reason, claim);

    /// <summary>One walk over the tar headers.</summary>
    private sealed class Scan(TarScanner tar)
    {
        private string? _top;
        private PackageInfo? _npmCandidate;

        public Detection Candidate() => _npmCandidate is null ? Detection.Raw : Detection.Valid(ArtifactFormat.Npm, _npmCandidate);

        public Detection Run()
        {
            while (tar.Next() is { } entry)
            {
                var segments = entry.Segments;
                if (segments.Length == 0)
                {
                    continue;
                }

                if ((_top ??= segments[0]) != segments[0] || (segments.Length == 1 && entry.Type != '5'))
                {
                    return Detection.Raw; // Two top folders, or a file at the root: no package looks like this.
                }

                if (!entry.IsFile || segments.Length != 2)
                {
                    continue;
                }

                if (Claim(segments) is { } format)
                {
                    return ReadMetadata(entry, format);
                }

                if (_npmCandidate is null && segments[1] == "package.json")
                {
                    _npmCandidate = ReadNpmCandidate(entry);
                }
            }

            return Candidate();
        }

        private static ArtifactFormat? Claim(string[] segments) => segments switch
        {
            ["package", "package.json"] => ArtifactFormat.Npm,
            ["package", _] => null, // npm's fixed top folder: only package.json decides.
            [_, "PKG-INFO"] => ArtifactFormat.PyPi,
            [_, "Chart.yaml"] => ArtifactFormat.Helm,
            _ => null,
        };

        /// <summary>A <c>&lt;top&gt;/package.json</c> outside <c>package/</c>: an npm manifest only when it parses and names a name and version.</summary>
        private PackageInfo? ReadNpmCandidate(TarEntry entry)
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

        /// <summary>The claimed format's metadata; a broken gzip inside it is left to the caller (<see cref="CorruptGzipException"/>).</summary>
        private Detection ReadMetadata(TarEntry entry, ArtifactFormat format)
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
            catch (MalformedPackageException e)
            {
                return Detection.Invalid(format, e.Message);
            }
        }
    }
}
