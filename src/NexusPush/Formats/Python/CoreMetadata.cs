using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Python;

/// <summary>
/// Python core metadata (a wheel's METADATA, an sdist's PKG-INFO): RFC 822 headers; Nexus reads Name and Version
/// (nexus-contract.md §2.3 pypi: "Metadata is missing the name attribute").
/// </summary>
internal static class CoreMetadata
{
    public static PackageInfo Parse(byte[] bytes, string source)
    {
        var fields = HeaderFields.Parse(BoundedRead.Text(bytes));
        return new PackageInfo(HeaderFields.Require(fields, "Name", source), HeaderFields.Require(fields, "Version", source));
    }
}
