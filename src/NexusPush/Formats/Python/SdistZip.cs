using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Python;

/// <summary>
/// A .zip source distribution: every entry under one top folder, which holds <c>PKG-INFO</c>. A .zip that is not
/// that (or is not a readable zip at all) is a plain file: the .zip extension claims no package format.
/// </summary>
internal static class SdistZip
{
    public static Detection Probe(Stream file)
    {
        ZipDirectory zip;
        try
        {
            zip = ZipDirectory.Read(file);
        }
        catch (MalformedPackageException)
        {
            return Detection.Raw;
        }

        var tops = zip.Entries.Select(e => e.Segments.FirstOrDefault()).Distinct().ToList();
        var pkgInfo = zip.Entries.FirstOrDefault(e => e.Segments is [_, "PKG-INFO"]);
        if (tops.Count != 1 || pkgInfo is null || zip.Entries.Any(e => e.Segments.Length == 1 && !e.Name.EndsWith('/')))
        {
            return Detection.Raw;
        }

        try
        {
            return Detection.Valid(ArtifactFormat.PyPi, CoreMetadata.Parse(zip.ReadEntry(pkgInfo, ReadingLimits.MetadataBytes), pkgInfo.Name));
        }
        catch (MalformedPackageException e)
        {
            return Detection.Invalid(ArtifactFormat.PyPi, e.Message);
        }
    }
}
