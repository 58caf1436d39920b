using NexusPush.LocalFiles;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.LocalFiles;

/// <summary>
/// The one realpath of the tool (scanner, fallback folder, replay): it must land where the kernel lands when it opens
/// the path, so a ".." in a link's text is applied to the real folder the walk reached, never to the text.
/// </summary>
public sealed class RealPathTests : IDisposable
{
    private readonly TempDir _dir = new();

    public RealPathTests() => Assert.SkipWhen(OperatingSystem.IsWindows(), "Symbolic links need privileges on Windows.");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DotDotAfterALink_IsAppliedToTheLinksTarget_AsTheKernelDoes()
    {
        _dir.Write("tree/d/x.txt", "INSIDE\n");
        var outsideX = _dir.Write("outside/x.txt", "SECRET\n");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "outside", "deep"));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "tree", "d", "link2"), Path.Combine(_dir.Path, "outside", "deep"));
        var esc = Path.Combine(_dir.Path, "tree", "esc.txt");
        File.CreateSymbolicLink(esc, "d/link2/../x.txt");

        Assert.Equal("SECRET\n", File.ReadAllText(esc)); // what the kernel opens
        Assert.Equal(outsideX, RealPath.Of(esc));
    }

    [Fact]
    public void DotDotInTheGivenPath_IsAppliedAfterTheLinkBeforeIt()
    {
        var outsideX = _dir.Write("outside/x.txt", "SECRET\n");
        Directory.CreateDirectory(Path.Combine(_dir.Path, "outside", "deep"));
        Directory.CreateDirectory(Path.Combine(_dir.Path, "tree"));
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "tree", "l"), Path.Combine(_dir.Path, "outside", "deep"));

        Assert.Equal(outsideX, RealPath.Of(Path.Combine(_dir.Path, "tree", "l", "..", "x.txt")));
    }

    [Fact]
    public void ChainOfRelativeLinks_AndMissingNames_AreResolvedOrKept()
    {
        var real = _dir.Write("a/b/real.txt", "x");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "a", "first"), "b/second");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "a", "b", "second"), "./real.txt");

        Assert.Equal(real, RealPath.Of(Path.Combine(_dir.Path, "a", "first")));
        Assert.Equal(Path.Combine(_dir.Path, "a", "b", "missing", "name"), RealPath.Of(Path.Combine(_dir.Path, "a", "first", "..", "missing", "name")));
    }

    [Fact]
    public void LinkLoop_IsAnIOException()
    {
        Directory.CreateDirectory(_dir.Path);
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "p"), "q");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "q"), "p");

        Assert.Throws<IOException>(() => RealPath.Of(Path.Combine(_dir.Path, "p")));
    }

    [Theory]
    [InlineData("/r", "/r/a", true, true)]
    [InlineData("/r", "/r", true, false)]
    [InlineData("/r", "/rx/a", false, false)]
    [InlineData("/r/", "/r/a", true, true)]
    [InlineData("/", "/etc", true, true)]
    [InlineData("/", "/", true, false)]
    public void IsWithin_ComparesWholeNames(string root, string path, bool withRoot, bool strictly)
    {
        Assert.Equal(withRoot, RealPath.IsWithin(root, path, includingRoot: true));
        Assert.Equal(strictly, RealPath.IsWithin(root, path, includingRoot: false));
    }
}
