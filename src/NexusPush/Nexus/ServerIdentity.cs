using System.Text.RegularExpressions;

namespace NexusPush.Nexus;

/// <summary>
/// Version and edition from Nexus's <c>Server</c> header, e.g. <c>Nexus/3.77.1-01 (COMMUNITY)</c> (nexus-contract.md §1:
/// Nexus sets it on every response; a reverse proxy may replace it).
/// </summary>
internal sealed partial record ServerIdentity(string Version, string? Edition)
{
    public bool IsCommunityEdition => string.Equals(Edition, "COMMUNITY", StringComparison.OrdinalIgnoreCase);

    public static ServerIdentity? Parse(string? header)
    {
        var match = header is null ? null : NexusServer().Match(header);
        return match is { Success: true } ? new ServerIdentity(match.Groups[1].Value, match.Groups[2].Success ? match.Groups[2].Value : null) : null;
    }

    public override string ToString() => Edition is null ? $"Nexus {Version}" : $"Nexus {Version} ({Edition})";

    [GeneratedRegex(@"\bNexus/(\S+)(?:\s*\(([^)]+)\))?", RegexOptions.IgnoreCase)]
    private static partial Regex NexusServer();
}
