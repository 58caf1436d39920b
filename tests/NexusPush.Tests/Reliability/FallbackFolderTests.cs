using Microsoft.Extensions.Time.Testing;
using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Runs;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reliability;

public sealed class FallbackFolderTests : IDisposable
{
    private static readonly NexusRequestException Down = new(NexusFailureKind.Unreachable, "Nexus could not be reached.");

    /// <summary>What every remaining file gets once the breaker declared Nexus down.</summary>
    private static readonly NexusRequestException DeclaredDown = new(NexusFailureKind.Unreachable, "Nexus unreachable: nexus.test stayed unreachable.") { RunWideCause = "Nexus at nexus.test unreachable" };
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SaveAsync_SyncDirItem_KeepsItsRelativePath()
    {
        var item = Item(_dir.Write("src/sub/dir/a.txt", "alpha"), "sub/dir/a.txt");
        var folder = new FallbackFolder(Path.Combine(_dir.Path, "fb"), keepRelativePaths: true, new FakeTimeProvider());

        var result = await folder.SaveAsync(item, Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Fallback, result.Action);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(_dir.Path, "fb", "sub", "dir", "a.txt")));
        Assert.Equal(Path.Combine(_dir.Path, "fb", "sub", "dir", "a.txt"), result.FallbackPath);
        Assert.Null(result.RunWideCause); // one request's own failure, not the run's
        Assert.Null(result.FallbackCopyFailure);
    }

    [Theory]
    [InlineData(true)] // a hole at the end too
    [InlineData(false)]
    public async Task SaveAsync_SparseFile_KeepsItsHolesAsHoles(bool endsInAHole)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "allocated blocks are read with stat(1)");
        var source = Path.Combine(_dir.Path, "src", "disk.img");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        const int MiB = 1 << 20;
        using (var sparse = new FileStream(source, FileMode.CreateNew, FileAccess.Write))
        {
            sparse.Write(new byte[] { 1, 2, 3 }); // data, then 32 MiB of hole, data, (a hole)
            sparse.Seek(32 * MiB, SeekOrigin.Begin);
            sparse.Write("data in the middle"u8);
            if (endsInAHole)
            {
                sparse.SetLength(64 * MiB);
            }
            else
            {
                sparse.Seek(64 * MiB, SeekOrigin.Begin);
                sparse.Write("the end"u8);
            }
        }

        var folder = new FallbackFolder(Path.Combine(_dir.Path, "fb"), keepRelativePaths: true, new FakeTimeProvider());

        var result = await folder.SaveAsync(Item(source, "disk.img"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Fallback, result.Action);
        var copy = Path.Combine(_dir.Path, "fb", "disk.img");
        Assert.Equal(new FileInfo(source).Length, new FileInfo(copy).Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(source)), System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(copy)));
        Assert.True(AllocatedBytes(source) < 4 * MiB, $"the source is sparse here ({AllocatedBytes(source)} bytes allocated)");
        Assert.True(AllocatedBytes(copy) < 4 * MiB, $"the copy of a sparse 64 MiB file holds {AllocatedBytes(copy)} bytes");
    }

    /// <summary>Bytes the file system allocated for <paramref name="path"/> (stat's %b blocks of %B bytes).</summary>
    private static long AllocatedBytes(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("stat") { RedirectStandardOutput = true, ArgumentList = { "-c", "%b %B", path } };
        using var stat = System.Diagnostics.Process.Start(start)!;
        var parts = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        stat.WaitForExit();
        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("../../etc/a.txt")]
    [InlineData("/abs/a.txt")]
    public async Task SaveAsync_PathThatWouldClimbOut_UsesTheFileName(string display)
    {
        var item = Item(_dir.Write("src/a.txt", "alpha"), display);
        var folder = new FallbackFolder(Path.Combine(_dir.Path, "fb"), keepRelativePaths: true, new FakeTimeProvider());

        await folder.SaveAsync(item, Down, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Path.Combine(_dir.Path, "fb", "a.txt")));
    }

    [Fact]
    public async Task SaveAsync_SameNameDifferentContent_KeepsBoth()
    {
        var folder = new FallbackFolder(Path.Combine(_dir.Path, "fb"), keepRelativePaths: false, new FakeTimeProvider());

        await folder.SaveAsync(Item(_dir.Write("one/a.txt", "first"), "one/a.txt"), Down, TestContext.Current.CancellationToken);
        await folder.SaveAsync(Item(_dir.Write("two/a.txt", "second"), "two/a.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal("first", File.ReadAllText(Path.Combine(_dir.Path, "fb", "a.txt")));
        Assert.Equal("second", File.ReadAllText(Path.Combine(_dir.Path, "fb", "dup-2", "a.txt")));
        Assert.Equal(2, new FallbackManifest(Path.Combine(_dir.Path, "fb")).Read().Count);
    }

    [Fact]
    public async Task SaveAsync_DiskFull_ItemFailedNoPartialLeftSourceIntact()
    {
        var source = _dir.Write("a.txt", new string('z', 300_000));
        var fallback = Path.Combine(_dir.Path, "fb");

        var folder = new FallbackFolder(fallback, keepRelativePaths: false, new FakeTimeProvider()) { Disk = new FullDisk() };

        var result = await folder.SaveAsync(Item(source, "a.txt"), DeclaredDown, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Contains("No space left on device", result.Reason, StringComparison.Ordinal);
        Assert.Contains("the file is still at " + source, result.Reason, StringComparison.Ordinal);
        Assert.Equal("Nexus at nexus.test unreachable", result.RunWideCause);
        Assert.StartsWith($"The copy to the fallback folder {fallback} failed too (", result.FallbackCopyFailure, StringComparison.Ordinal);
        Assert.EndsWith("the file is still at " + source, result.FallbackCopyFailure, StringComparison.Ordinal);
        Assert.Null(result.FallbackPath);
        Assert.Empty(Directory.GetFiles(fallback, "*", SearchOption.AllDirectories));
        Assert.Equal(300_000, new FileInfo(source).Length);
    }

    [Fact]
    public void Read_TornLastLine_IsIgnored()
    {
        var folder = Path.Combine(_dir.Path, "fb");
        var manifest = new FallbackManifest(folder);
        Directory.CreateDirectory(folder);
        manifest.Append(new FallbackEntry("a.txt", "r", "raw", "/a.txt", "/", "a.txt", "00", "11", 1, "/src/a.txt", "down", DateTimeOffset.UnixEpoch));
        File.AppendAllText(manifest.Path, "{\"file\":\"b.t");

        Assert.Equal("a.txt", Assert.Single(manifest.Read()).File);
    }

    internal static PlanItem Item(string localPath, string display) => new()
    {
        LocalPath = localPath,
        DisplayPath = display,
        Length = new FileInfo(localPath).Length,
        Format = ArtifactFormat.Raw,
        Repository = "raw-hosted",
        Directory = "/",
        FileName = Path.GetFileName(localPath),
        TargetPath = "/" + Path.GetFileName(localPath),
    };

    /// <summary>/dev/full answers every write with ENOSPC, exactly like a full disk.</summary>
    private sealed class FullDisk : FallbackDisk
    {
        public override Stream CreateCopy(string path, UnixFileMode? mode)
        {
            File.WriteAllBytes(path, []);
            return new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
        }
    }
}
