using NexusPush.Formats.Reading;

namespace NexusPush.Formats.Tarballs;

/// <summary>
/// <c>&lt;chart&gt;/Chart.yaml</c>: the top-level <c>name:</c> and <c>version:</c> scalars (nexus-contract.md §3 helm).
/// Line parsing is enough for these two plain keys; nested keys are indented and so never match.
/// </summary>
internal static class HelmChart
{
    public static PackageInfo Parse(byte[] bytes)
    {
        string? name = null, version = null;
        foreach (var rawLine in BoundedRead.Text(bytes).Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                name ??= Scalar(line[5..]);
            }
            else if (line.StartsWith("version:", StringComparison.Ordinal))
            {
                version ??= Scalar(line[8..]);
            }
        }

        return new PackageInfo(
            string.IsNullOrEmpty(name) ? throw new MalformedPackageException("Chart.yaml has no name") : name,
            string.IsNullOrEmpty(version) ? throw new MalformedPackageException("Chart.yaml has no version") : version);
    }

    /// <summary>A plain, single- or double-quoted scalar, with a trailing " # comment" removed from plain ones.</summary>
    private static string Scalar(string value)
    {
        value = value.Trim();
        if (value.Length >= 2 && value[0] is '"' or '\'' && value.IndexOf(value[0], 1) is var close and > 0)
        {
            return value[1..close];
        }

        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }
}
