namespace NexusPush.Formats.Debian;

/// <summary>One member of an <c>ar</c> archive: its name (GNU "/" suffix and padding removed), data offset and size.</summary>
internal sealed record ArMember(string Name, long DataOffset, long Size)
{
    /// <summary>Where the next member header starts: data is padded to an even offset.</summary>
    public long NextHeaderOffset => DataOffset + Size + (Size & 1);
}
