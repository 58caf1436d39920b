using Microsoft.Extensions.Time.Testing;
using NexusPush.Nexus;
using NexusPush.Reliability;
using NexusPush.Runs;
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

    [Fact]
    public async Task SaveAsync_ReportsSavedOnlyAfterCopyAndLineAreOnDisk()
    {
        var disk = new RecordingDisk();
        var folder = new FallbackFolder(Fallback, keepRelativePaths: true, new FakeTimeProvider()) { Disk = disk };

        var result = await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/deep/a.txt", "alpha"), "deep/a.txt"), Down, TestContext.Current.CancellationToken);
        disk.Steps.Add("result " + result.Action);

        var copy = Path.Combine(Fallback, "deep", "a.txt");
        var steps = disk.Steps.Select(s => s.Replace(_dir.Path, "T", StringComparison.Ordinal)).ToList();
        string Step(string prefix) => Assert.Single(steps, s => s.StartsWith(prefix, StringComparison.Ordinal));
        int At(string step) => steps.IndexOf(step);

        var synced = Step("sync file T/fb/.a.txt.");
        var renamed = Step("rename T/fb/.a.txt.");
        Assert.EndsWith("-> T/fb/deep/a.txt", renamed, StringComparison.Ordinal);
        Assert.True(At(synced) < At(renamed), string.Join('\n', steps));
        Assert.True(At(renamed) < At("sync dir T/fb/deep"), string.Join('\n', steps));
        Assert.True(At("sync dir T/fb/deep") < At("sync dir T/fb"), string.Join('\n', steps));
        Assert.True(At("sync dir T/fb") < At("append T/fb/nexus-push-fallback.jsonl"), string.Join('\n', steps));
        Assert.True(At("append T/fb/nexus-push-fallback.jsonl") < steps.LastIndexOf("sync dir T/fb"), string.Join('\n', steps)); // the new manifest's name
        Assert.Equal("result Fallback", steps[^1]);
        Assert.Contains("sync dir T", steps); // the fallback folder itself was new
        Assert.Equal("alpha", File.ReadAllText(copy));
    }

    [Fact]
    public async Task SaveAsync_ManifestLineCannotBeWritten_FailedAndTheCopyRemoved()
    {
        var source = _dir.Write("src/a.txt", "alpha");
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider()) { Disk = new RecordingDisk { FailAppend = true } };

        var result = await folder.SaveAsync(FallbackFolderTests.Item(source, "a.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Contains("No space left on device", result.Reason, StringComparison.Ordinal);
        Assert.Contains("the file is still at " + source, result.Reason, StringComparison.Ordinal);
        Assert.Empty(CopiesIn(Fallback));
        Assert.Equal("alpha", File.ReadAllText(source));
    }

    [Fact]
    public async Task SaveAsync_LineFailsForAnIdenticalCopyAlreadyThere_TheEarlierEntryKeepsItsCopy()
    {
        var source = _dir.Write("src/a.txt", "alpha");
        await new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider()).SaveAsync(FallbackFolderTests.Item(source, "a.txt"), Down, TestContext.Current.CancellationToken);
        var failing = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider()) { Disk = new RecordingDisk { FailAppend = true } };

        var result = await failing.SaveAsync(FallbackFolderTests.Item(source, "a.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(Fallback, "a.txt")));
        Assert.Equal(["a.txt", FallbackManifest.FileName], CopiesIn(Fallback));
        Assert.Single(new FallbackManifest(Fallback).Read());
    }

    [Fact]
    public async Task SaveAsync_RenameFails_FailedNoPartialLeft()
    {
        var folder = new FallbackFolder(Fallback, keepRelativePaths: false, new FakeTimeProvider()) { Disk = new RecordingDisk { FailRename = true } };

        var result = await folder.SaveAsync(FallbackFolderTests.Item(_dir.Write("src/a.txt", "alpha"), "a.txt"), Down, TestContext.Current.CancellationToken);

        Assert.Equal(ItemAction.Failed, result.Action);
        Assert.Empty(CopiesIn(Fallback));
        Assert.False(File.Exists(ManifestPath));
    }

    [Fact]
    public void SyncDirectory_RealFolder_FlushesAndAMissingOneIsAnError()
    {
        Directory.CreateDirectory(Fallback);
        var disk = new FallbackDisk();

        disk.SyncDirectory(Fallback);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Throws<IOException>(() => disk.SyncDirectory(Path.Combine(_dir.Path, "missing")));
        }
    }

    [Fact]
    public void Append_FailingWrite_IsCutBackSoNoHalfLineStays()
    {
        Directory.CreateDirectory(Fallback);
        File.WriteAllText(ManifestPath, "{\"file\":\"a.txt\"}\n");
        var line = new byte[64];

        // Writing to a read-only view of the manifest fails the way a full disk does: after the file was opened.
        var disk = new RecordingDisk { FailAppendAfterOpen = true };

        Assert.Throws<IOException>(() => disk.AppendLine(ManifestPath, line));
        Assert.Equal("{\"file\":\"a.txt\"}\n", File.ReadAllText(ManifestPath));
    }

    /// <summary>The files a save left, lock files aside (they are not copies and replay ignores them).</summary>
    private static List<string> CopiesIn(string folder) => Directory.Exists(folder)
        ? [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Records each durable step in order; can make the manifest append or the rename fail like a full disk.</summary>
    private sealed class RecordingDisk : FallbackDisk
    {
        public List<string> Steps { get; } = [];

        public bool FailAppend { get; init; }

        public bool FailAppendAfterOpen { get; init; }

        public bool FailRename { get; init; }

        public override Stream CreateCopy(string path, UnixFileMode? mode)
        {
            Steps.Add("create " + path);
            return new NamedStream(base.CreateCopy(path, mode), path);
        }

        public override void SyncFile(Stream stream)
        {
            Steps.Add("sync file " + ((NamedStream)stream).Path);
            base.SyncFile(((NamedStream)stream).Inner);
        }

        public override void Rename(string from, string to)
        {
            Steps.Add($"rename {from} -> {to}");
            if (FailRename)
            {
                throw new IOException("No space left on device");
            }

            base.Rename(from, to);
        }

        public override void SyncDirectory(string directory)
        {
            Steps.Add("sync dir " + directory);
            base.SyncDirectory(directory);
        }

        public override bool AppendLine(string manifest, byte[] line)
        {
            Steps.Add("append " + manifest);
            if (FailAppend)
            {
                throw new IOException("No space left on device");
            }

            return base.AppendLine(manifest, line);
        }

        protected override void WriteLine(FileStream stream, byte[] line)
        {
            if (FailAppendAfterOpen)
            {
                stream.Write(line.AsSpan(0, line.Length / 2));
                throw new IOException("No space left on device");
            }

            base.WriteLine(stream, line);
        }
    }

    /// <summary>A copy stream that remembers its path, so the recorded "sync file" step can name it.</summary>
    private sealed class NamedStream(Stream inner, string path) : Stream
    {
        public Stream Inner => inner;

        public string Path => path;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
