using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NexusPush.LocalFiles;

/// <summary>
/// What tells one state of a file's bytes from another without reading them: size, mtime, ctime, device and inode.
/// Any write changes mtime and ctime (ctime even when a tool puts mtime back), a replacement by rename changes the
/// inode. .NET exposes only size and mtime, so on Linux the rest comes from statx(2), whose result layout is the
/// same on every architecture; elsewhere, or where statx is refused, size and mtime are all there is.
/// </summary>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteUtc">mtime.</param>
/// <param name="ChangeTimeNs">ctime in nanoseconds since the epoch; 0 when unknown.</param>
/// <param name="Device">Device number; 0 when unknown.</param>
/// <param name="Inode">Inode number; 0 when unknown.</param>
internal readonly record struct FileIdentity(long Length, DateTime LastWriteUtc, long ChangeTimeNs, ulong Device, ulong Inode)
{
    /// <summary>The file an open handle reads.</summary>
    public static FileIdentity Of(SafeFileHandle handle) =>
        StatX.Of(handle) ?? new FileIdentity(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle), 0, 0, 0);

    /// <summary>The file a path names now, links followed.</summary>
    /// <exception cref="IOException">It cannot be examined (gone, unreadable folder).</exception>
    public static FileIdentity Of(string path)
    {
        if (StatX.Of(path) is { } known)
        {
            return known;
        }

        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        return target.Exists ? new FileIdentity(target.Length, target.LastWriteTimeUtc, 0, 0, 0) : throw new FileNotFoundException($"{path} does not exist.", path);
    }

    /// <summary>The same file with the same bytes, as far as both sides know (an unknown field never differs).</summary>
    public bool SameAs(FileIdentity other) =>
        Length == other.Length && LastWriteUtc == other.LastWriteUtc
        && (ChangeTimeNs == 0 || other.ChangeTimeNs == 0 || ChangeTimeNs == other.ChangeTimeNs)
        && (Inode == 0 || other.Inode == 0 || (Inode == other.Inode && Device == other.Device));

    /// <summary>The same file (device and inode), whatever its content; true when either side does not know.</summary>
    public bool SameFileAs(FileIdentity other) => Inode == 0 || other.Inode == 0 || (Inode == other.Inode && Device == other.Device);

    /// <summary>statx(2) through libc: one call per examined file, no struct declarations (the 256-byte result is read by offset).</summary>
    private static class StatX
    {
        private const int AtFdCwd = -100;
        private const int AtEmptyPath = 0x1000;
        private const uint BasicStats = 0x7ff;
        private const uint MaskMtime = 0x40;
        private const uint MaskCtime = 0x80;
        private const uint MaskInode = 0x100;
        private const uint MaskSize = 0x200;
        private const int BufferSize = 256;
        private static bool _unavailable = !OperatingSystem.IsLinux();

        public static FileIdentity? Of(SafeFileHandle handle)
        {
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                return Call((int)handle.DangerousGetHandle(), [0], AtEmptyPath);
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        public static FileIdentity? Of(string path)
        {
            var utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
            System.Text.Encoding.UTF8.GetBytes(path, utf8);
            return Call(AtFdCwd, utf8, 0);
        }

        private static FileIdentity? Call(int directory, byte[] path, int flags)
        {
            if (_unavailable)
            {
                return null;
            }

            var buffer = new byte[BufferSize];
            try
            {
                if (Native(directory, path, flags, BasicStats, buffer) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is 38 or 1) // ENOSYS (old kernel), EPERM (a seccomp filter): use what .NET offers
                    {
                        _unavailable = true;
                        return null;
                    }

                    throw new IOException($"Cannot examine the file: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true; // a libc without statx (musl before 1.2.5)
                return null;
            }

            long Read64(int offset) => BitConverter.ToInt64(buffer, offset);
            uint Read32(int offset) => BitConverter.ToUInt32(buffer, offset);
            var filled = Read32(0); // stx_mask: the fields this file system did fill in
            if ((filled & (MaskSize | MaskMtime)) != (MaskSize | MaskMtime))
            {
                return null;
            }

            var mtime = DateTime.UnixEpoch.AddTicks((Read64(112) * TimeSpan.TicksPerSecond) + (Read32(120) / 100));
            var ctimeNs = (filled & MaskCtime) != 0 ? (Read64(96) * 1_000_000_000) + Read32(104) : 0;
            var inode = (filled & MaskInode) != 0 ? (ulong)Read64(32) : 0;
            var device = ((ulong)Read32(136) << 32) | Read32(140);
            return new FileIdentity(Read64(40), mtime, ctimeNs, device, inode);
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Native(int directory, byte[] path, int flags, uint mask, byte[] buffer);
    }
}
