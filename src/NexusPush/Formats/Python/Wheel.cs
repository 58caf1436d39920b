using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Python;

/// <summary>A wheel: a zip with exactly one top-level <c>*.dist-info/METADATA</c> (PEP 427).</summary>
internal static class Wheel
{
    public static PackageInfo Read(Stream file)
    {
        var zip = ZipDirectory.Read(file);
        var metadata = zip.Entries
            .Where(e => e.Segments is [var folder, "METADATA"] && folder.EndsWith(".dist-info", StringComparison.Ordinal))
            .ToList();
        return metadata.Count switch
        {
            0 => throw new MalformedPackageException("no *.dist-info/METADATA in the wheel"),
            1 => CoreMetadata.Parse(zip.ReadEntry(metadata[0], ReadingLimits.MetadataBytes), metadata[0].Name),
            _ => throw new MalformedPackageException($"the wheel has {metadata.Count} *.dist-info/METADATA files, a wheel has one"),
        };
    }
}
