using NexusPush.LocalFiles;

namespace NexusPush.Reliability;

/// <summary>
/// The file-system steps that make a fallback copy durable, one method each so tests can record their order and make
/// any of them fail (a full disk, a failing NFS server) without root tricks.
/// </summary>
internal class FallbackDisk
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const int BufferSize = 1 << 17;

    /// <summary>Creates the temporary copy; <paramref name="mode"/> is the source's permission bits (the umask still applies, as for cp).</summary>
    public virtual Stream CreateCopy(string path, UnixFileMode? mode) =>
        new FileStream(path, Options(FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, mode));

    /// <summary>Stream options whose <paramref name="mode"/> applies when the file is created (Unix only; the umask still narrows it).</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share, int bufferSize, UnixFileMode? createMode) =>
        DurableWrites.Options(mode, access, share, bufferSize, createMode);

    /// <summary>Writes buffered bytes and asks the device to keep them (fsync).</summary>
    public virtual void SyncFile(Stream stream)
    {
        stream.Flush();
        if (stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Renames without replacing: a file already there is never overwritten.</summary>
    public virtual void Rename(string from, string to) => File.Move(from, to, overwrite: false);

    /// <summary>
    /// fsync of a folder, so a new name in it (a renamed copy, a created manifest) survives a power cut: on Linux the
    /// file's own fsync does not cover the folder entry. Windows has no such call; NTFS journals names itself.
    /// </summary>
    public virtual void SyncDirectory(string directory) => DurableWrites.SyncDirectory(directory);

    /// <summary>
    /// Appends one manifest line and fsyncs it. A torn last line (a full disk cut it) gets its missing newline first,
    /// so it stays its own unreadable line instead of swallowing this one; a failed append is cut back off. Returns
    /// whether the manifest was created (the caller then flushes the folder too).
    /// </summary>
    public virtual bool AppendLine(string manifest, byte[] line)
    {
        var created = !File.Exists(manifest);
        using var stream = new FileStream(manifest, Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 0, OwnerOnly));
        var length = stream.Length;
        try
        {
            var tornLastLine = false;
            if (length > 0)
            {
                stream.Position = length - 1;
                tornLastLine = stream.ReadByte() != '\n';
            }

            stream.Position = length;
            if (tornLastLine)
            {
                stream.WriteByte((byte)'\n');
            }

            WriteLine(stream, line);
            stream.Flush(flushToDisk: true);
            return created;
        }
        catch (IOException)
        {
            TryCutBack(stream, length);
            throw;
        }
    }

    /// <summary>The write itself, apart so a test can make it fail halfway as a full disk does.</summary>
    protected virtual void WriteLine(FileStream stream, byte[] line) => stream.Write(line);

    private static void TryCutBack(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // The half-written line stays; the next append starts a fresh line and replay reports this one unreadable.
        }
    }
}
