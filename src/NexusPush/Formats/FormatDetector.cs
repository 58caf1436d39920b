namespace NexusPush.Formats;

/// <summary>
/// Decides what a file is. Placeholder: extension only. The content-aware detector (issue 3) replaces the body
/// but keeps this signature.
/// </summary>
internal static class FormatDetector
{
    public static Detection Detect(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".deb", StringComparison.OrdinalIgnoreCase))
        {
            return Detection.Valid(ArtifactFormat.Apt, new PackageInfo("unknown", "0", "all"));
        }

        if (name.EndsWith(".rpm", StringComparison.OrdinalIgnoreCase))
        {
            return Detection.Valid(ArtifactFormat.Yum, new PackageInfo("unknown", "0", "noarch", "1"));
        }

        if (name.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            return Detection.Valid(ArtifactFormat.PyPi, new PackageInfo("unknown", "0"));
        }

        return Detection.Raw;
    }
}
