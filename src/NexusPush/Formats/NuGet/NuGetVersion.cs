using System.Globalization;

namespace NexusPush.Formats.NuGet;

/// <summary>
/// NuGet's version identity: ids and versions compare case-insensitively, and <c>1.0</c>, <c>1.0.0</c>,
/// <c>1.0.0.0</c> and <c>01.0.0+build</c> name one version (NuGet normalises to three or four numbers, no leading
/// zeros, no build metadata), so a server that stores the normalised form still matches the nuspec's spelling.
/// </summary>
internal static class NuGetVersion
{
    /// <summary>The normalised form, case kept; a version that is not numeric parts is returned trimmed, as it is.</summary>
    public static string Normalize(string version)
    {
        var text = version.Trim();
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var release = dash >= 0 ? text[..dash] : text;
        var label = dash >= 0 ? text[dash..] : string.Empty;
        var parts = release.Split('.');
        if (parts.Length is < 1 or > 4 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit) && p.Length <= 9))
        {
            return version.Trim();
        }

        var numbers = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        while (numbers.Count < 3)
        {
            numbers.Add(0);
        }

        if (numbers.Count == 4 && numbers[3] == 0)
        {
            numbers.RemoveAt(3);
        }

        return string.Join('.', numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))) + label;
    }

    public static bool SameVersion(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    public static bool SameId(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// One string per package identity: equal exactly when <see cref="SameId"/> and <see cref="SameVersion"/> hold
    /// (id and normalised version, upper-cased), for keys that must not split one package (shards, duplicate targets).
    /// </summary>
    public static string IdentityKey(string id, string version) => $"{id.Trim().ToUpperInvariant()}\n{Normalize(version).ToUpperInvariant()}";
}
