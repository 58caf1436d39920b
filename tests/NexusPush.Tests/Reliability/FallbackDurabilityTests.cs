using Microsoft.Extensions.Time.Testing;
using NexusPush.Execution;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// "Saved" means the copy and its manifest line are both durably on disk: never a copy without a line, never a line
/// swallowed by a torn one, never a copy more readable than its source.
/// </summary>
public sealed class FallbackDurabilityTests : IDisposable
{
    private static readonly NexusRequestException Down = new(NexusFailureKind.Unreachable, "Nexus could not be reached.");
    private readonly TempDir _dir = new();

    private string Fallback => Path.Combine(_dir.Path, "fb");

    private string ManifestPath => Path.Combine(Fallback, FallbackManifest.FileName);

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SaveAsync_AfterATornLastLine_StartsAFreshLine()
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider());
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/a.txt", "alpha"), "a.txt"), Down, TestContext.Current.CancellationToken);
        File.AppendAllText(ManifestPath, "{\"file\":\"b.t");

        var result = await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/c.txt", "gamma"), "c.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Fallback, result.Action);
        var lines = File.ReadAllLines(ManifestPath);
        Assert.Equal(3, lines.Length);
        Assert.Equal("{\"file\":\"b.t", lines[1]);
        Assert.Equal(["a.txt", "c.txt"], new FallbackManifest(Fallback).Read().Select(e => e.File));
    }

    [Theory]
    [InlineData("producta_1.2.3_amd64.deb", "producta_1.2.3_amd64.deb")]
    [InlineData("sub/config-bundle 2019.tar.gz", "sub/config-bundle 2019.tar.gz")]
    public async Task SaveAsync_SecondCopyOfOnePath_KeepsItsFileNameInANumberedFolder(string relative, string expected)
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: true, new FakeTimeProvider());
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("one/" + relative, "first"), relative), Down, TestContext.Current.CancellationToken);
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("two/" + relative, "second"), relative), Down, TestContext.Current.CancellationToken);
        await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("three/" + relative, "third"), relative), Down, TestContext.Current.CancellationToken);

        Assert.Equal("first", File.ReadAllText(Path.Combine(Fallback, expected)));
        Assert.Equal("second", File.ReadAllText(Path.Combine(Fallback, "dup-2", expected)));
        Assert.Equal("third", File.ReadAllText(Path.Combine(Fallback, "dup-3", expected)));
        Assert.Equal([expected, "dup-2/" + expected, "dup-3/" + expected], new FallbackManifest(Fallback).Read().Select(e => e.File));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.UserRead)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_CopyIsNoMoreReadableThanItsSource(UnixFileMode mode)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permission bits");
        var key = _dir.Write("src/deploy.key", "-----BEGIN PRIVATE KEY-----");
        File.SetUnixFileMode(key, mode);
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider());

        var result = await folder.SaveAsync(FallbackFolderTests.Item(key, "deploy.key"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Fallback, result.Action);
        var copy = File.GetUnixFileMode(Path.Combine(Fallback, "deploy.key"));
        Assert.Equal(UnixFileMode.None, copy & ~mode);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(ManifestPath) & GroupOrOther);
    }
}
