using System.Formats.Tar;

namespace NexusPush.LocalFiles;

/// <summary>
/// FIFOs, sockets and devices look like empty regular files to .NET (length 0, attributes Normal), and opening a
/// FIFO blocks until something writes to it: a scan of an old NFS share must name them, never hang on one.
/// </summary>
internal static class SpecialFiles
{
    /// <summary>What <paramref name="file"/> (links already resolved) is when it is not a regular file; null when it is one.</summary>
    public static string? Describe(FileInfo file)
    {
        if (OperatingSystem.IsWindows() || !file.Exists || file.Length != 0)
        {
            return null; // special files always report length 0; regular files with content need no check
        }

        try
        {
            // .NET has no public file-type API on Unix, but TarWriter lstat()s a path to choose its entry type and
            // reads content only from regular files, so a throw-away in-memory entry tells the kinds apart.
            using var header = new MemoryStream();
            using (var writer = new TarWriter(header, TarEntryFormat.Pax, leaveOpen: true))
            {
                writer.WriteEntry(file.FullName, "probe");
            }

            header.Position = 0;
            return new TarReader(header).GetNextEntry()?.EntryType switch
            {
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or null => null,
                TarEntryType.Fifo => "a FIFO (named pipe)",
                TarEntryType.CharacterDevice => "a character device",
                TarEntryType.BlockDevice => "a block device",
                var other => $"a {other} entry",
            };
        }
        catch (UnauthorizedAccessException)
        {
            return null; // an unreadable regular file: the caller's own open reports it
        }
        catch (IOException)
        {
            return "a socket or another special file"; // TarWriter refuses only the types tar cannot hold
        }
    }
}
