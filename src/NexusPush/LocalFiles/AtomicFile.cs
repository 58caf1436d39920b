namespace NexusPush.LocalFiles;

/// <summary>
/// The one way the tool puts a file of its own in place (client files, reports, plans, rewritten manifests): the
/// content goes to a new temporary file beside the target, created with <c>O_CREAT|O_EXCL</c> (so it is never a link
/// or a file someone planted: an existing name fails the create) and the final mode, is fsynced, then renamed over the
/// target and the folder fsynced. A rename replaces a link at the target instead of writing through it, and a reader
/// sees the old file or the new one, never half of one. Until <see cref="Commit"/>, the target is untouched;
/// disposing without a commit removes the temporary file.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    /// <summary>Owner read and write: files that hold or will hold credentials, and the tool's own state.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read and write, everyone read: files meant to be installed for every user (apt sources, keyrings).</summary>
    public const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _temporary;
    private readonly FileStream _stream;
    private bool _committed;

    private AtomicFile(string target, string temporary, FileStream stream)
    {
        Target = target;
        _temporary = temporary;
        _stream = stream;
    }

    /// <summary>The full path the file takes at <see cref="Commit"/>.</summary>
    public string Target { get; }

    /// <summary>Where to write the content; flushed and synced by <see cref="Commit"/>.</summary>
    public Stream Stream => _stream;

    /// <summary>Starts the file: a new temporary file in <paramref name="target"/>'s folder, with <paramref name="mode"/> exactly (the umask does not narrow it).</summary>
    /// <exception cref="IOException">The folder does not exist or cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    public static AtomicFile Create(string target, UnixFileMode mode, int bufferSize = 4096)
    {
        var full = Path.GetFullPath(target);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"{full} has no folder");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, DurableWrites.Options(FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize, mode));
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // On the handle, not the name: nothing can swap the file between the create and the chmod.
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
            }
        }
        catch
        {
            stream.Dispose();
            File.Delete(temporary);
            throw;
        }

        return new AtomicFile(full, temporary, stream);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="target"/> in one step (see the class summary).</summary>
    public static void Write(string target, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        using var file = Create(target, mode);
        file.Stream.Write(content);
        file.Commit();
    }

    /// <summary>Flushes, fsyncs, renames over the target and fsyncs the folder.</summary>
    /// <exception cref="IOException">A write, the flush or the rename failed (a full disk): the target is untouched.</exception>
    public void Commit()
    {
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temporary, Target, overwrite: true);
        _committed = true;
        DurableWrites.SyncDirectory(Path.GetDirectoryName(Target)!);
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            _stream.Dispose(); // may flush into a full disk again
            File.Delete(_temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover ".tmp" beside the target is harmless and names itself; the caller reports the real failure.
        }
    }
}
