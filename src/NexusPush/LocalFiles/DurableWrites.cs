using System.Runtime.InteropServices;

namespace NexusPush.LocalFiles;

/// <summary>
/// fsync of a folder, so a new name in it (a renamed file, a created manifest) survives a power cut: on Linux a file's
/// own fsync does not cover its folder entry. Windows has no such call; NTFS journals names itself.
/// </summary>
internal static class DurableWrites
{
    /// <exception cref="IOException">The folder cannot be opened or flushed.</exception>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.FSync(fd) != 0)
            {
                throw new IOException($"cannot flush {directory} to disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    /// <summary>Stream options whose <paramref name="createMode"/> applies when the file is created (Unix only; the umask still narrows it).</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share, int bufferSize, UnixFileMode? createMode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (createMode is { } bits && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = bits;
        }

        return options;
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392 // plain libc calls; LibraryImport would need unsafe code for no gain here
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int FSync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
#pragma warning restore SYSLIB1054, CA5392
    }
}
