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

        var result = await folder.SaveAsync(Item(source, "a.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Contains("No space left on device", result.Reason, StringComparison.Ordinal);
        Assert.Contains("the file is still at " + source, result.Reason, StringComparison.Ordinal);
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
