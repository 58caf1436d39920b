using System.Diagnostics;

namespace NexusPush.Tests.Support;

/// <summary>
/// A tiny tmpfs filled to the last byte, where a file can still be created but not written: the full disk a user
/// meets, which /dev/full (a device the tool refuses as a journal) cannot stand in for. Mounting needs root (CI runs
/// as root); elsewhere <see cref="TryMount"/> gives null and the test skips.
/// </summary>
internal sealed class FullTmpfs : IDisposable
{
    private readonly TempDir _mountPoint;

    private FullTmpfs(TempDir mountPoint) => _mountPoint = mountPoint;

    public string Path => _mountPoint.Path;

    public static FullTmpfs? TryMount()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return null;
        }

        var mountPoint = new TempDir();
        if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.Path) != 0)
        {
            mountPoint.Dispose();
            return null;
        }

        var full = new FullTmpfs(mountPoint);
        try
        {
            using var filler = new FileStream(System.IO.Path.Combine(mountPoint.Path, "filler"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
            var block = new byte[4096];
            for (var i = 0; i < 64; i++)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // Full: what the test needs.
        }

        return full;
    }

    public void Dispose()
    {
        Run("umount", _mountPoint.Path);
        _mountPoint.Dispose();
    }

    private static int Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
