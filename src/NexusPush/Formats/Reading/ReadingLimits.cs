namespace NexusPush.Formats.Reading;

/// <summary>
/// Caps that keep detection bounded: a reader looks at headers and one small metadata member, so a
/// multi-GB file costs milliseconds, and no length field inside a file can make us allocate or read without end.
/// Real packages are orders of magnitude below every cap.
/// </summary>
internal static class ReadingLimits
{
    /// <summary>Largest metadata member read into memory (control, METADATA, PKG-INFO, package.json, .nuspec, Chart.yaml).</summary>
    public const int MetadataBytes = 1 << 20;

    /// <summary>Decompressed bytes one tarball scan may go through (zip bombs, or a huge tarball that is not a package).</summary>
    public const long DecompressedBytes = 64L << 20;

    /// <summary>
    /// Decompressed bytes of a gzip tarball checked to the end (CRC-32, length, not cut short: about a second on
    /// two cores); a larger tarball is what its scan saw, not vouched for.
    /// </summary>
    public const long GzipCheckedBytes = 1L << 30;

    /// <summary>Tar entries one scan may visit.</summary>
    public const int TarEntries = 10_000;

    /// <summary>Largest GNU long-name or PAX extended header we read (System.Formats.Tar would rent a buffer of the claimed size).</summary>
    public const int TarExtendedHeaderBytes = 64 << 10;

    /// <summary>Largest zip central directory read into memory, and most entries in it.</summary>
    public const int ZipCentralDirectoryBytes = 16 << 20;

    public const int ZipEntries = 100_000;

    /// <summary>ar members looked at before the control member must have appeared (a .deb has 3, maybe a few signatures).</summary>
    public const int ArMembers = 16;

    /// <summary>RPM header index entries (a real main header has a few hundred) and data bytes (rpm's own HEADER_DATA_MAX is 256 MiB).</summary>
    public const int RpmIndexEntries = 100_000;

    public const int RpmHeaderDataBytes = 256 << 20;

    /// <summary>Longest RPM string tag value read (name, version, release, arch).</summary>
    public const int RpmStringBytes = 4096;
}
