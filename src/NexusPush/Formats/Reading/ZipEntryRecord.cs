namespace NexusPush.Formats.Reading;

/// <summary>One central-directory record: what is needed to find and inflate a member.</summary>
internal sealed record ZipEntryRecord(string Name, int Method, int Flags, long CompressedSize, long LocalHeaderOffset)
{
    public string[] Segments => Name.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
