using NexusPush.LocalFiles;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.LocalFiles;

/// <summary>The one writer of the tool's own files: never through a link, never half a file, the mode asked for.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtomicFileTests
{
    [Fact]
    public void Write_LinkAtTheTarget_IsReplacedNeverFollowed()
    {
        using var dir = new TempDir();
        var victim = Path.Combine(dir.Path, "victim.txt");
        File.WriteAllText(victim, "keep me");
        File.SetUnixFileMode(victim, (UnixFileMode)0b111_101_101);
        var target = Path.Combine(dir.Path, "out.conf");
        File.CreateSymbolicLink(target, victim);

        AtomicFile.Write(target, "new"u8, AtomicFile.Private);

        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(victim));
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(AtomicFile.Private, File.GetUnixFileMode(target));
    }

    [Fact]
    public void Write_PublicMode_IsExactWhateverTheUmask()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "key.gpg");

        AtomicFile.Write(target, [1, 2, 3], AtomicFile.Public);

        Assert.Equal(AtomicFile.Public, File.GetUnixFileMode(target));
    }

    [Fact]
    public void DisposedWithoutCommit_LeavesTheTargetAndNoTemporaryFile()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "report.json");
        File.WriteAllText(target, "old");

        using (var file = AtomicFile.Create(target, AtomicFile.Private))
        {
            file.Stream.Write("half"u8);
        }

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(["report.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
