using System.Xml;
using NexusPush.Formats.Reading;

namespace NexusPush.Formats.NuGet;

/// <summary>A .nupkg: a zip with one <c>&lt;id&gt;.nuspec</c> at its root; reads metadata/id and metadata/version.</summary>
internal static class NuGetPackage
{
    public static PackageInfo Read(Stream file)
    {
        var zip = ZipDirectory.Read(file);
        var nuspecs = zip.Entries.Where(e => !e.Name.Contains('/', StringComparison.Ordinal) && e.Name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (nuspecs.Count != 1)
        {
            throw new MalformedPackageException(nuspecs.Count == 0 ? "no .nuspec file at the root of the package" : "more than one .nuspec file at the root of the package");
        }

        return ParseNuspec(zip.ReadEntry(nuspecs[0], ReadingLimits.MetadataBytes), nuspecs[0].Name);
    }

    private static PackageInfo ParseNuspec(byte[] bytes, string source)
    {
        // No DTDs, no external resolution: the nuspec is untrusted input.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = ReadingLimits.MetadataBytes };
        string? id = null, version = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2 || reader.LocalName is not ("id" or "version"))
                {
                    reader.Read();
                }
                else
                {
                    var isId = reader.LocalName == "id";
                    var text = reader.ReadElementContentAsString().Trim();
                    if (isId)
                    {
                        id ??= text;
                    }
                    else
                    {
                        version ??= text;
                    }
                }
            }
        }
        catch (XmlException e)
        {
            throw new MalformedPackageException($"{source} is not valid XML ({e.Message})");
        }

        return new PackageInfo(
            string.IsNullOrEmpty(id) ? throw new MalformedPackageException($"{source} has no metadata/id") : id,
            string.IsNullOrEmpty(version) ? throw new MalformedPackageException($"{source} has no metadata/version") : version);
    }
}
