using Microsoft.Extensions.Logging.Abstractions;
using NexusPush.Planning;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Planning;

public sealed class DirectoryScannerTests
{
    [Fact]
    public void Scan_SymlinkLoopWithFollow_WalksEachRealDirectoryOnce()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Symbolic links need privileges on Windows.");
        using var tree = new TempDir();
        tree.Write("a/file.txt", "1");
        Directory.CreateSymbolicLink(Path.Combine(tree.Path, "a", "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(tree.Path, "again"), Path.Combine(tree.Path, "a"));

        var entries = new DirectoryScanner(new ScanOptions { FollowDirectoryLinks = true }, NullLogger.Instance).Scan(tree.Path).ToList();

        Assert.Equal("a/file.txt", Assert.Single(entries).RelativePath);
    }

    [Fact]
    public void Scan_DirectoryLinkByDefault_NotFollowed_FileLinkFollowed()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Symbolic links need privileges on Windows.");
        using var tree = new TempDir();
        using var outside = new TempDir();
        outside.Write("elsewhere.txt", "outside");
        tree.Write("real.txt", "12345");
        File.CreateSymbolicLink(Path.Combine(tree.Path, "link.txt"), Path.Combine(tree.Path, "real.txt"));
        Directory.CreateSymbolicLink(Path.Combine(tree.Path, "dirlink"), outside.Path);

        var entries = new DirectoryScanner(new ScanOptions(), NullLogger.Instance).Scan(tree.Path).ToList();

        Assert.Equal(["link.txt", "real.txt"], entries.Select(e => e.RelativePath));
        Assert.All(entries, e => Assert.Equal(5, e.Length));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Scan_BrokenLinkAndUnreadableDirectory_AreReportedNotSkipped()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows() || Environment.UserName == "root", "Permissions do not stop root.");
        using var tree = new TempDir();
        tree.Write("locked/secret.txt", "s");
        File.CreateSymbolicLink(Path.Combine(tree.Path, "broken.txt"), Path.Combine(tree.Path, "missing"));
        File.SetUnixFileMode(Path.Combine(tree.Path, "locked"), UnixFileMode.None);
        try
        {
            var entries = new DirectoryScanner(new ScanOptions(), NullLogger.Instance).Scan(tree.Path).ToList();

            Assert.Contains(entries, e => e.RelativePath == "broken.txt" && e.Problem!.Contains("broken symbolic link", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.RelativePath == "locked/" && e.Problem is not null);
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(tree.Path, "locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Scan_BrokenLink_IsReportedWithProblem()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Symbolic links need privileges on Windows.");
        using var tree = new TempDir();
        File.CreateSymbolicLink(Path.Combine(tree.Path, "broken.txt"), Path.Combine(tree.Path, "missing"));

        var entry = Assert.Single(new DirectoryScanner(new ScanOptions(), NullLogger.Instance).Scan(tree.Path));

        Assert.Contains("broken symbolic link", entry.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_MissingDirectory_ThrowsUsage()
    {
        var error = Assert.Throws<UsageException>(() => new DirectoryScanner(new ScanOptions(), NullLogger.Instance).Scan("/nonexistent/nexus-push-test"));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_ManyFiles_StreamsBeforeTheWalkEnds()
    {
        using var tree = new TempDir();
        for (var i = 0; i < 50; i++)
        {
            tree.Write($"d{i:00}/f.txt", "x");
        }

        using var enumerator = new DirectoryScanner(new ScanOptions(), NullLogger.Instance).Scan(tree.Path).GetEnumerator();

        Assert.True(enumerator.MoveNext());
        Assert.Equal("d00/f.txt", enumerator.Current.RelativePath);
    }
}
