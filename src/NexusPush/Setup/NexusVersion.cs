using System.Globalization;

namespace NexusPush.Setup;

/// <summary>What a Nexus version (from the <c>Server: Nexus/3.77.1-01 (…)</c> header) takes in its request bodies.</summary>
internal static class NexusVersion
{
    /// <summary>
    /// <c>bucket.expiration</c> is required up to 3.80 and gone from the REST description from 3.81
    /// (docs/nexus-contract.md §9). An unknown version (a proxy hid the header) gets it too: without it an older
    /// server refuses the body outright.
    /// </summary>
    public static bool TakesBucketExpiration(string? version) =>
        Parse(version) is not { } v || v.Major < 3 || (v.Major == 3 && v.Minor <= 80);

    public static (int Major, int Minor)? Parse(string? version)
    {
        var parts = (version ?? string.Empty).Split('.', '-');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }
}
