using NexusPush.LocalFiles;

namespace NexusPush.Planning;

/// <summary>Checks that a path names a readable regular file, with one sentence per way it can fail.</summary>
internal static class LocalFile
{
    public static FileInfo Inspect(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException("An empty file name was given.");
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{path} is a directory; upload takes files (use sync-dir for a directory).");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"{path} does not exist.");
        }

        if (SpecialFiles.Describe(Content(info)) is { } kind)
        {
            throw new UsageException($"{path} is not a regular file but {kind}; upload takes regular files.");
        }

        try
        {
            using var probe = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"{path} cannot be read: permission denied.");
        }
        catch (IOException e)
        {
            throw new UsageException($"{path} cannot be read: {e.Message}");
        }

        return info;
    }

    /// <summary>
    /// The file whose bytes a path names: itself, or for a symbolic link its final target. A link named on the command
    /// line is followed wherever it leads (the user chose it, as with cp); its size and mtime are the target's.
    /// </summary>
    public static FileInfo Content(FileInfo info) =>
        info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
}
