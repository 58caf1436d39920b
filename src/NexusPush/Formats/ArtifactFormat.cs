namespace NexusPush.Formats;

/// <summary>The Nexus repository formats nexus-push can upload to, named as Nexus names them.</summary>
internal enum ArtifactFormat
{
    Raw,
    Apt,
    Yum,
    PyPi,
    Npm,
    NuGet,
    Helm,
}

/// <summary>Conversions between <see cref="ArtifactFormat"/> and Nexus's format ids (<c>raw</c>, <c>apt</c>, …).</summary>
internal static class ArtifactFormats
{
    public static IReadOnlyList<ArtifactFormat> All { get; } = Enum.GetValues<ArtifactFormat>();

    /// <summary>The id Nexus uses for the format: the repository's <c>format</c> and the multipart field prefix (nexus-contract.md §2.1).</summary>
    public static string NexusId(this ArtifactFormat format) => FormatFacts.Of(format).Id;

    public static bool TryParse(string? id, out ArtifactFormat format)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.NexusId(), id?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = ArtifactFormat.Raw;
        return false;
    }

    public static string AllIds => string.Join(", ", All.Select(f => f.NexusId()));
}
