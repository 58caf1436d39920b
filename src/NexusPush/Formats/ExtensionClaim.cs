namespace NexusPush.Formats;

/// <summary>
/// What a file name promises. Only extensions that name exactly one package format make a claim (.deb, .rpm,
/// .whl, .nupkg): a file with such a name whose content does not match is an invalid package, never raw.
/// .tgz/.tar.gz/.zip promise nothing — plenty of tarballs and zips are not packages — they only make the
/// detector look inside.
/// </summary>
internal static class ExtensionClaim
{
    public static ArtifactFormat? Of(string fileName) => Extension(fileName) switch
    {
        ".deb" => ArtifactFormat.Apt,
        ".rpm" => ArtifactFormat.Yum,
        ".whl" => ArtifactFormat.PyPi,
        ".nupkg" => ArtifactFormat.NuGet,
        _ => null,
    };

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
