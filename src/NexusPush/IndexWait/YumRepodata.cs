using System.IO.Compression;
using System.Xml;

namespace NexusPush.IndexWait;

/// <summary>One <c>&lt;package&gt;</c> of createrepo's primary metadata.</summary>
internal sealed record YumIndexEntry(string Name, string? Epoch, string Version, string Release, string Arch, string? Href);

/// <summary>
/// Reads createrepo metadata: <c>repodata/repomd.xml</c> names the primary file
/// (<c>&lt;data type="primary"&gt;&lt;location href="repodata/…-primary.xml.gz"/&gt;</c>), whose <c>&lt;package&gt;</c>
/// elements carry name, arch, <c>&lt;version epoch ver rel/&gt;</c> and location. Streamed: a big repository's
/// primary file is never held in memory as a document.
/// </summary>
internal static class YumRepodata
{
    /// <summary>The primary metadata's href (relative to the repository base, i.e. the folder holding repodata/), or "" when none is named.</summary>
    public static async Task<string> PrimaryHrefAsync(Stream repomd, CancellationToken cancellationToken)
    {
        using var reader = XmlReader.Create(repomd, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit });
        var inPrimary = false;
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "data")
            {
                inPrimary = reader.GetAttribute("type") == "primary";
            }
            else if (inPrimary && reader.LocalName == "location")
            {
                return reader.GetAttribute("href") ?? string.Empty;
            }
        }

        return string.Empty;
    }

    /// <summary>The packages of a primary file; gzip is recognised by its magic bytes, not by the name.</summary>
    public static async Task<List<YumIndexEntry>> ParsePrimaryAsync(Stream primary, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        var read = await primary.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
        var isGzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        var rest = new PrefixedStream(magic[..read], primary);
        await using Stream xml = isGzip ? new GZipStream(rest, CompressionMode.Decompress) : rest;

        var entries = new List<YumIndexEntry>();
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "package" && reader.Depth == 1)
            {
                using var package = reader.ReadSubtree();
                entries.Add(await ReadPackageAsync(package));
            }
        }

        return entries;
    }

    private static async Task<YumIndexEntry> ReadPackageAsync(XmlReader package)
    {
        string name = string.Empty, arch = string.Empty, ver = string.Empty, rel = string.Empty;
        string? epoch = null, href = null;
        // ReadElementContentAsString already moves to the next node; reading again would skip a sibling.
        var onNext = false;
        while (onNext ? !package.EOF : await package.ReadAsync())
        {
            onNext = false;
            if (package.NodeType != XmlNodeType.Element || package.Depth != 1)
            {
                continue;
            }

            switch (package.LocalName)
            {
                case "name":
                    name = await package.ReadElementContentAsStringAsync();
                    onNext = true;
                    break;
                case "arch":
                    arch = await package.ReadElementContentAsStringAsync();
                    onNext = true;
                    break;
                case "version":
                    epoch = package.GetAttribute("epoch");
                    ver = package.GetAttribute("ver") ?? string.Empty;
                    rel = package.GetAttribute("rel") ?? string.Empty;
                    break;
                case "location":
                    href = package.GetAttribute("href");
                    break;
            }
        }

        return new YumIndexEntry(name.Trim(), epoch, ver, rel, arch.Trim(), href);
    }
}
