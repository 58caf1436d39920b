namespace NexusPush.Formats.Reading;

/// <summary>One tar member as the scanner sees it: the full path (long names resolved), the type flag and the data size.</summary>
internal sealed record TarEntry(string Name, char Type, long Size)
{
    /// <summary>Regular file ('0', the old NUL flag, or '7' contiguous).</summary>
    public bool IsFile => Type is '0' or '\0' or '7';

    /// <summary>Path segments with "." and empty segments dropped: "./pkg//PKG-INFO" → ["pkg", "PKG-INFO"].</summary>
    public string[] Segments => Name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
}
