namespace NexusPush.IndexWait;

/// <summary>One stanza of an apt <c>Packages</c> index: the fields --wait-index matches on.</summary>
internal sealed record DebianIndexEntry(string Package, string Version, string? Architecture, string? Filename);

/// <summary>
/// Reads the Debian repository format: <c>dists/&lt;dist&gt;/main/binary-&lt;arch&gt;/Packages</c> is a list of
/// RFC 822-style stanzas separated by blank lines (Package, Version, Architecture, Filename, …; continuation lines start
/// with a space), and <c>dists/&lt;dist&gt;/Release</c> lists the index files it covers.
/// </summary>
internal static class DebianPackagesIndex
{
    public static async Task<List<DebianIndexEntry>> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var entries = new List<DebianIndexEntry>();
        using var reader = new StreamReader(stream);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Trim().Length == 0)
            {
                Flush(fields, entries);
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                continue; // Continuation of a multi-line field (Description); nothing we match on.
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        Flush(fields, entries);
        return entries;
    }

    /// <summary>The <c>main/binary-&lt;arch&gt;/Packages</c> files a Release file lists, as paths relative to <c>dists/&lt;dist&gt;/</c>.</summary>
    public static async Task<List<string>> ParseReleaseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // Checksum lines: " <hash> <size> main/binary-amd64/Packages"
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith(' ') && parts.Length == 3 && parts[2].EndsWith("/Packages", StringComparison.Ordinal) && parts[2].Contains("/binary-", StringComparison.Ordinal))
            {
                paths.Add(parts[2]);
            }
        }

        return [.. paths];
    }

    private static void Flush(Dictionary<string, string> fields, List<DebianIndexEntry> entries)
    {
        if (fields.TryGetValue("Package", out var package) && fields.TryGetValue("Version", out var version))
        {
            entries.Add(new DebianIndexEntry(package, version, fields.GetValueOrDefault("Architecture"), fields.GetValueOrDefault("Filename")));
        }

        fields.Clear();
    }
}
