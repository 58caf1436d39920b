namespace NexusPush.Formats;

/// <summary>
/// What a file name makes the detector do: a name that claims a format (<see cref="FormatFacts.ClaimedBy"/>) must
/// hold that package; .tgz/.tar.gz/.zip promise nothing, they only make the detector look inside.
/// </summary>
internal static class ExtensionClaim
{
    public static bool IsTarball(string fileName) =>
        fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase);

    public static bool IsZip(string fileName) => Extension(fileName) == ".zip";

    /// <summary>Why content that did not even start like the claimed format is not that package.</summary>
    public static string ContentMismatch(ArtifactFormat claimed, int bytesSeen) => bytesSeen == 0
        ? "the file is empty"
        : claimed switch
        {
            ArtifactFormat.Apt => "not an ar archive (a .deb starts with \"!<arch>\")",
            ArtifactFormat.Yum => "not an RPM file (no lead magic ED AB EE DB)",
            ArtifactFormat.PyPi => "not a zip archive (a wheel is a zip)",
            ArtifactFormat.NuGet => "not a zip archive (a .nupkg is a zip)",
            _ => $"not a {claimed.NexusId()} package",
        };

    private static string Extension(string fileName) => Path.GetExtension(fileName).ToLowerInvariant();
}
