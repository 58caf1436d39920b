namespace NexusPush.Formats;

/// <summary>
/// What a file name makes the detector do: a name that claims a format (<see cref="FormatFacts.ClaimedBy"/>) must
/// hold that package; .tgz/.tar.gz promise a whole gzip tarball, of no particular format, and .zip nothing: they
/// make the detector look inside.
/// </summary>
internal static class ExtensionClaim
{
    private static readonly string[] TarballExtensions = [".tgz", ".tar.gz"];

    /// <summary>".tgz" or ".tar.gz" (as spelled here, whatever the name's case) when the name ends so, else null.</summary>
    public static string? TarballExtension(string fileName) =>
        TarballExtensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>What such a name claims, in messages: "gzip tarball (.tgz)".</summary>
    public static string TarballClaim(string extension) => $"gzip tarball ({extension})";

    /// <summary>Why a file named as a gzip tarball is none: it does not even start like gzip.</summary>
    public static string NotGzip(string extension, int bytesSeen) =>
        bytesSeen == 0 ? "the file is empty" : $"not gzip (a {extension} starts with the bytes 1F 8B)";

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
