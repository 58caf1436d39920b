using NexusPush.Reliability;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Reliability;

/// <summary>
/// The fallback folder is often an old share anyone can write: replay's rewrite of the manifest must not write
/// through a link planted beside it, and keeps the manifest's own mode.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FallbackManifestRewriteTests
{
    [Fact]
    public void Remove_LinkPlantedAtTheOldTemporaryName_IsNeverWrittenThrough()
    {
        using var folder = new TempDir();
        using var elsewhere = new TempDir();
        var victim = Path.Combine(elsewhere.Path, "victim.txt");
        File.WriteAllText(victim, "keep me");
        var manifest = new FallbackManifest(folder.Path);
        File.WriteAllText(manifest.Path, "first line\nsecond line\n");
        File.SetUnixFileMode(manifest.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(manifest.Path + ".tmp", victim);

        var kept = manifest.Remove(["first line"]);

        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Equal(["second line"], kept.Select(l => l.Text));
        Assert.Equal("second line\n", File.ReadAllText(manifest.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(manifest.Path));
    }
}
